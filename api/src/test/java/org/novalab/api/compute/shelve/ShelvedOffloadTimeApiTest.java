package org.novalab.api.compute.shelve;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;

/**
 * Nova's {@code shelved_offload_time}: -1 keeps a shelved server on its host (its disk stays; an admin's
 * shelveOffload or the unshelve, which only powers it on, ends it); above 0 the periodic task offloads it once it
 * has been shelved that long.
 */
class ShelvedOffloadTimeApiTest {
    @TempDir
    Path state;

    @Test
    void never_offloaded_a_shelved_server_keeps_its_disk_and_unshelves_by_powering_on() throws Exception {
        try (NovalabServer server = start(-1)) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = boot(admin);
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"shelve\": null}").status()).isEqualTo(202);
            JsonObject shelved = admin.awaitStatus(id, "SHELVED");
            assertThat(shelved.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(TestServers.HOST);
            server.awaitIdle();
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                    .as("not offloaded").isEqualTo("SHELVED");
            assertThat(state.resolve(id).resolve("disk")).exists();

            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"unshelve\": null}").status()).isEqualTo(202);
            admin.awaitStatus(id, "ACTIVE");
            assertThat(state.resolve(id).resolve("disk")).exists();

            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"shelve\": null}").status()).isEqualTo(202);
            admin.awaitStatus(id, "SHELVED");
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"shelveOffload\": null}").status())
                    .isEqualTo(202);
            admin.awaitStatus(id, "SHELVED_OFFLOADED");
            assertThat(state.resolve(id)).doesNotExist();
        }
    }

    @Test
    void a_server_shelved_longer_than_the_offload_time_is_offloaded_by_the_periodic_task() throws Exception {
        try (NovalabServer server = start(1)) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = boot(admin);
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"shelve\": null}").status()).isEqualTo(202);

            JsonObject offloaded = admin.awaitStatus(id, "SHELVED_OFFLOADED");

            assertThat(offloaded.getValue("OS-EXT-SRV-ATTR:host")).isNull();
            assertThat(state.resolve(id)).doesNotExist();
        }
    }

    private NovalabServer start(int offloadTime) throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        return NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node)
                .withShelvedOffloadTime(offloadTime), new LibvirtComputeServices());
    }

    private static String boot(Api admin) throws Exception {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }
}
