package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * The server list's filters Nova reads besides names and states: {@code changes-since} and (2.66)
 * {@code changes-before} on {@code updated_at}, and an admin's {@code tenant_id}/{@code project_id}, which count
 * only with {@code all_tenants}; and the access addresses as Nova keeps them.
 */
class ServerListFiltersApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static String project;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        project = users.project("lime");
        users.user("lou", project, "member");
        member = Api.login(server.baseUrl(), "lou", "pw-lou", "lime");
        id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "listed")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")
                .put("accessIPv4", "192.0.2.7").put("accessIPv6", "2001:0DB8:0000:0000:0000:0000:0000:0001")))
                .json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> ids(Api who, String query) {
        Api.Response r = who.send("GET", "/v2.1/servers" + query, null, Map.of("OpenStack-API-Version", "compute 2.66"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("servers").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void changes_since_and_changes_before_bound_the_last_update() {
        assertThat(ids(member, "?changes-since=2000-01-01T00:00:00Z")).containsExactly(id);
        assertThat(ids(member, "?changes-since=2051-01-01T12:34:00Z&status=ACTIVE")).isEmpty();
        assertThat(ids(member, "?changes-before=2000-01-01T00:00:00")).isEmpty();
        assertThat(ids(member, "?changes-before=" + Instant.now().plusSeconds(60))).containsExactly(id);

        Api.Response invalid = member.get("/v2.1/servers?changes-since=2011/01/01");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().getJsonObject("badRequest").getString("message")).isEqualTo("Invalid input for "
                + "query parameters changes-since. Value: 2011/01/01. '2011/01/01' is not a 'date-time'");
        Api.Response crossed = member.send("GET", "/v2.1/servers?changes-since=2030-01-01T00:00:00Z"
                + "&changes-before=2020-01-01T00:00:00Z", null, Map.of("OpenStack-API-Version", "compute 2.66"));
        assertThat(crossed.json().getJsonObject("badRequest").getString("message"))
                .isEqualTo("The value of changes-since must be less than or equal to changes-before.");
    }

    @Test
    void an_admins_tenant_id_counts_only_with_all_tenants() {
        assertThat(ids(admin, "/detail?tenant_id=" + project)).doesNotContain(id);
        assertThat(ids(admin, "/detail?all_tenants&tenant_id=" + project)).containsExactly(id);
        assertThat(ids(admin, "/detail?all_tenants&project_id=" + project)).containsExactly(id);
        assertThat(ids(admin, "?all_tenants&tenant_id=" + users().projectId("demo"))).doesNotContain(id);
    }

    @Test
    void access_addresses_are_shown_as_nova_keeps_them() {
        JsonObject server = member.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(server.getString("accessIPv4")).isEqualTo("192.0.2.7");
        assertThat(server.getString("accessIPv6")).isEqualTo("2001:db8::1");
    }

    private static Users users() {
        return new Users(admin);
    }
}
