package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.secret.SecretXml;
import org.novalab.keys.SecretOwner;

/**
 * Nova's local delete: a server whose compute host is down is deleted by the API alone, at once (no 409, no delete
 * stuck until the host returns), its disk's key with it; the host, started again, reaps the directory it left.
 */
class LocalDeleteApiTest {
    @TempDir
    Path state;
    TwoComputeHosts hosts;
    NovalabServer server;
    Api admin;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        hosts.close();
    }

    @Test
    void a_server_on_a_host_that_is_down_is_deleted_at_once_with_its_key_and_the_host_reaps_its_files_at_start()
            throws Exception {
        hosts = new TwoComputeHosts(state);
        server = hosts.start();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        String id = ServerMoveApiTest.boot(admin, ServerMoveApiTest.luksFlavor(admin, "local-delete"));
        String home = ServerMoveApiTest.hostOf(admin, id);
        Path dir = hosts.instancesOf(home).resolve(id);
        UUID secret = SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid();
        TwoComputeHosts.forceDown(admin, home, true);

        Api.Response deleted = admin.delete("/v2.1/servers/" + id);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(admin.get("/v2.1/servers/" + id).status()).as("gone at once, its host not asked").isEqualTo(404);
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("no key outlives it").isEmpty();
        JsonObject action = admin.send("GET", "/v2.1/servers/" + id + "/os-instance-actions", null,
                java.util.Map.of("OpenStack-API-Version", "compute 2.21")).json()
                .getJsonArray("instanceActions").getJsonObject(0);
        assertThat(action.getString("action")).isEqualTo("delete");
        assertThat(dir.resolve("disk")).as("the host was not told").exists();
        assertThat(hosts.host(home).secrets().lookup(secret)).isPresent();

        server.close();
        server = hosts.start();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        TwoComputeHosts.forceDown(admin, home, false);

        assertThat(dir).as("reaped by " + home + " at its start").doesNotExist();
    }
}
