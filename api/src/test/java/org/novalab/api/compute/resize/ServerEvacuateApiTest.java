package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.secret.SecretXml;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.SecretOwner;

/**
 * Nova's {@code evacuate} between two real compute hosts: refused while the server's host is up, then, with that
 * host forced down, the server is rebuilt on the other one from its image under the passphrase the key manager kept
 * (the same secret uuid, defined on the new host before the guest boots); when the host that was down starts again
 * it removes its stale copy and its libvirt secret, and the server keeps its one key.
 */
class ServerEvacuateApiTest {
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
    void a_luks_server_of_a_host_that_is_down_is_rebuilt_elsewhere_with_its_key_and_the_host_forgets_it_on_return()
            throws Exception {
        hosts = new TwoComputeHosts(state);
        server = hosts.start();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        String flavor = ServerMoveApiTest.luksFlavor(admin, "evac-luks");
        String id = ServerMoveApiTest.boot(admin, flavor);
        String source = hostOf(id);
        String destination = TwoComputeHosts.other(source);
        Path left = hosts.instancesOf(source).resolve(id);
        UUID secret = SecretXml.parse(Files.readString(left.resolve("secret.xml"))).uuid();

        Api.Response refused = evacuate(id);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().getJsonObject("badRequest").getString("message"))
                .isEqualTo("Compute service of " + source + " is still in use.");

        forceDown(source, true);
        Api.Response evacuated = evacuate(id);
        assertThat(evacuated.status()).as(evacuated.body()).isEqualTo(200);
        assertThat(evacuated.body()).as("no adminPass since 2.14").isEmpty();
        admin.awaitStatus(id, "ACTIVE");
        server.awaitIdle();
        assertThat(hostOf(id)).isEqualTo(destination);
        Path here = hosts.instancesOf(destination).resolve(id);
        assertThat(SecretXml.parse(Files.readString(here.resolve("secret.xml"))).uuid())
                .as("the disk built anew under the passphrase the key manager kept").isEqualTo(secret);
        assertThat(hosts.host(destination).secrets().lookup(secret)).isPresent();
        assertThat(Files.readString(here.resolve("console.log"))).contains(FixtureGuest.BANNER.strip());
        JsonObject migration = admin.send("GET", "/v2.1/os-migrations?instance_uuid=" + id, null,
                Map.of("OpenStack-API-Version", "compute 2.59")).json().getJsonArray("migrations").getJsonObject(0);
        assertThat(migration.getString("migration_type")).isEqualTo("evacuation");
        assertThat(migration.getString("status")).isEqualTo("done");
        assertThat(left).as("the host that is down still has its copy").isDirectory();

        // the host that was down comes back (the whole server restarts on the same directories)
        server.close();
        server = hosts.start();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        assertThat(left).as("its stale copy is gone").doesNotExist();
        assertThat(hosts.host(source).secrets().lookup(secret)).isEmpty();
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("the server's one key stays")
                .extracting(s -> s.id()).containsExactly(secret);
        forceDown(source, false);
        admin.awaitStatus(id, "ACTIVE");
        assertThat(hostOf(id)).isEqualTo(destination);
        assertThat(Files.readString(here.resolve("console.log"))).contains(FixtureGuest.BANNER.strip());
    }

    Api.Response evacuate(String id) {
        return admin.send("POST", "/v2.1/servers/" + id + "/action", new JsonObject().put("evacuate",
                new JsonObject()).encode(), Map.of("OpenStack-API-Version", "compute 2.14"));
    }

    String hostOf(String id) {
        return admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("OS-EXT-SRV-ATTR:host");
    }

    void forceDown(String host, boolean down) {
        TwoComputeHosts.forceDown(admin, host, down);
    }
}
