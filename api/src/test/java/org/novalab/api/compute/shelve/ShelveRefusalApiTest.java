package org.novalab.api.compute.shelve;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * novalab does not shelve yet: {@code shelve}, {@code shelveOffload} and {@code unshelve} answer as a Nova that
 * cannot, a 409 that says why (never "There is no such action"), after the 404 of a server the caller cannot see;
 * the server is left as it was.
 */
class ShelveRefusalApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void each_shelve_action_is_a_409_with_its_reason_and_the_server_stays_active() throws Exception {
        String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        for (String action : new String[] {"shelve", "shelveOffload", "unshelve"}) {
            Api.Response r = admin.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull(action));
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(r.json().getJsonObject("conflictingRequest").getString("message"))
                    .isEqualTo("Cannot '" + action + "' instance " + id + ": novalab does not shelve servers yet "
                            + "(shelve, shelveOffload and unshelve are not built); snapshot it with createImage instead");
        }
        assertThat(admin.awaitStatus(id, "ACTIVE").getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(admin.post("/v2.1/servers/" + UUID.randomUUID() + "/action", new JsonObject().putNull("shelve"))
                .status()).isEqualTo(404);
    }
}
