package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
 * Small things clients and Tempest count on: the console's last lines, the version documents, and the server list's
 * {@code all_tenants} and {@code host} filters, as Nova has them.
 */
class NovaDetailsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static String vm;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("lea", users.project("lime"), "member");
        member = Api.login(server.baseUrl(), "lea", "pw-lea", "lime");
        Api.Response r = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "m")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        vm = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(vm, "ACTIVE");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String console(Object length) {
        JsonObject args = new JsonObject();
        if (length != null) {
            args.put("length", length);
        }
        Api.Response r = member.post("/v2.1/servers/" + vm + "/action", new JsonObject().put("os-getConsoleOutput",
                args));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getString("output");
    }

    @Test
    void the_console_output_of_length_n_is_exactly_n_lines() {
        String all = console(null);
        assertThat(all).isEqualTo("SeaBIOS\n" + FakeCompute.BANNER);
        for (int n = 1; n <= 3; n++) {
            assertThat(console(n).split("\n", -1)).as("length %d", n).hasSize(n);
        }
        assertThat(console(3)).isEqualTo(all);
        assertThat(console(100)).isEqualTo(all);
        assertThat(console(0)).isEmpty();
        assertThat(console(-1)).isEqualTo(all);
        assertThat(console("2").split("\n", -1)).hasSize(2);
        assertThat(member.post("/v2.1/servers/" + vm + "/action", new JsonObject().put("os-getConsoleOutput",
                new JsonObject().put("length", -2))).body()).contains("-2 is less than the minimum of -1");
        assertThat(member.post("/v2.1/servers/" + vm + "/action", new JsonObject().put("os-getConsoleOutput",
                new JsonObject().put("length", "ten"))).body()).contains("'ten' does not match '^-?[0-9]+$'");
    }

    @Test
    void progress_is_shown_only_in_the_statuses_nova_shows_it_in() throws Exception {
        Api.Response r = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "p")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        String id = r.json().getJsonObject("server").getString("id");
        assertThat(member.awaitStatus(id, "ACTIVE").getInteger("progress")).isEqualTo(100);
        member.post("/v2.1/servers/" + id + "/action", "{\"os-stop\": null}");
        assertThat(member.awaitStatus(id, "SHUTOFF").containsKey("progress")).isFalse();
        member.delete("/v2.1/servers/" + id);
        member.awaitGone(id);
    }

    @Test
    void the_root_lists_v2_0_and_v2_1_and_each_self_link_answers_its_document() {
        Api anonymous = Api.anonymous(server.baseUrl());
        JsonArray versions = anonymous.get("/").json().getJsonArray("versions");
        assertThat(versions.stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly("v2.0", "v2.1");
        JsonObject v20 = versions.getJsonObject(0);
        assertThat(v20.getMap()).containsEntry("status", "DEPRECATED").containsEntry("version", "")
                .containsEntry("min_version", "");
        assertThat(versions.getJsonObject(1).getMap()).containsEntry("status", "CURRENT").containsEntry("version", "2.90")
                .containsEntry("min_version", "2.1");
        for (Object o : versions) {
            JsonArray links = ((JsonObject) o).getJsonArray("links");
            assertThat(links).hasSize(1);
            String self = links.getJsonObject(0).getString("href");
            JsonObject doc = anonymous.get(self.substring(server.baseUrl().length())).json().getJsonObject("version");
            assertThat(doc.getString("id")).isEqualTo(((JsonObject) o).getString("id"));
            assertThat(doc.getJsonArray("links").stream().map(l -> (JsonObject) l)
                    .filter(l -> l.getString("rel").equals("self")).map(l -> l.getString("href")).toList())
                    .containsExactly(self);
        }
    }

    @Test
    void all_tenants_is_an_admins_and_empty_means_yes_and_host_filters_for_admins() throws Exception {
        Api.Response mine = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "a")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        String adminVm = mine.json().getJsonObject("server").getString("id");
        admin.awaitStatus(adminVm, "ACTIVE");
        assertThat(ids(admin, "")).containsExactly(adminVm);
        assertThat(ids(admin, "?all_tenants")).contains(adminVm, vm);
        assertThat(ids(admin, "?all_tenants=")).contains(adminVm, vm);
        assertThat(ids(admin, "?all_tenants=True")).contains(adminVm, vm);
        assertThat(ids(admin, "?all_tenants=0")).containsExactly(adminVm);
        assertThat(admin.get("/v2.1/servers?all_tenants=maybe").body()).contains("Unrecognized value 'maybe'");
        assertThat(member.get("/v2.1/servers?all_tenants=1").body())
                .contains("Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.");
        assertThat(member.get("/v2.1/servers/detail?all_tenants=1").status()).isEqualTo(403);
        assertThat(ids(admin, "?all_tenants=1&host=novalab-host")).contains(adminVm, vm);
        assertThat(ids(admin, "?all_tenants=1&host=elsewhere")).isEmpty();
        assertThat(ids(member, "?host=elsewhere")).as("an admin's filter: ignored for others").containsExactly(vm);
        admin.delete("/v2.1/servers/" + adminVm);
        admin.awaitGone(adminVm);
    }

    private static List<String> ids(Api who, String query) {
        Api.Response r = who.get("/v2.1/servers" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("servers").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }
}
