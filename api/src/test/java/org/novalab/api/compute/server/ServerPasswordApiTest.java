package org.novalab.api.compute.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
 * {@code /servers/{id}/os-server-password}: the password a guest posted to the metadata service, "" when it posted
 * none (novalab's guests have no metadata service to post to); its readers see it, its members clear it.
 */
class ServerPasswordApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String pine = users.project("pine");
        users.user("pat", pine, "member");
        users.user("pia", pine, "reader");
        users.user("ozzy", users.project("oak"), "member");
        member = Api.login(server.baseUrl(), "pat", "pw-pat", "pine");
        reader = Api.login(server.baseUrl(), "pia", "pw-pia", "pine");
        outsider = Api.login(server.baseUrl(), "ozzy", "pw-ozzy", "oak");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_password_is_empty_until_a_guest_posts_one_and_clearing_it_is_for_members() throws Exception {
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "p")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")
                .put("adminPass", "not-this-one"))).json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        String path = "/v2.1/servers/" + id + "/os-server-password";

        Api.Response shown = reader.get(path);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().getMap()).containsExactly(java.util.Map.entry("password", ""));

        Api.Response refused = reader.delete(path);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getJsonObject("forbidden").getString("message"))
                .isEqualTo("Policy doesn't allow os_compute_api:os-server-password:clear to be performed.");
        assertThat(outsider.get(path).status()).isEqualTo(404);
        assertThat(member.delete(path).status()).isEqualTo(204);
        assertThat(member.get(path).json().getString("password")).isEmpty();
    }
}
