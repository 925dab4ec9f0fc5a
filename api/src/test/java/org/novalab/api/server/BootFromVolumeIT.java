package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.disk.crypto.Luks1;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/** "Boot from image (creates new volume)" through the API: the Rbd backend clones the image in the pool. */
@Tag("integration")
class BootFromVolumeIT {
    @TempDir
    Path state;

    private static JsonObject bfv(String name, String flavor) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("flavorRef", flavor)
                .put("networks", "none").put("block_device_mapping_v2", new JsonArray().add(new JsonObject()
                        .put("boot_index", 0).put("uuid", TestServers.CIRROS).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 1).put("delete_on_termination", true))));
    }

    @Test
    void a_server_boots_from_a_new_volume_in_the_pool_and_a_luks_flavor_puts_luks_on_the_rbd_image() throws Exception {
        try (NovalabServer server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            Api.Response created = admin.send("POST", "/v2.1/servers", bfv("from-volume", "1").encode(),
                    Map.of("OpenStack-API-Version", "compute 2.79"));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            String id = created.json().getJsonObject("server").getString("id");
            JsonObject vm = admin.awaitStatus(id, "ACTIVE");
            assertThat(vm.getString("image")).isEmpty();
            String xml = Files.readString(state.resolve(id).resolve("libvirt.xml"));
            assertThat(xml).contains("protocol=\"rbd\"").doesNotContain("<encryption");
            String banner = org.novalab.fixture.FixtureGuest.BANNER.lines().findFirst().orElseThrow();
            assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                    .getString("output")).contains(banner);

            // m1.tiny.luks: LUKS directly on the RBD image, its passphrase the key manager's, the guest still boots
            Api.Response encrypted = admin.post("/v2.1/servers", bfv("sealed-volume", "101"));
            assertThat(encrypted.status()).as(encrypted.body()).isEqualTo(202);
            String sealed = encrypted.json().getJsonObject("server").getString("id");
            admin.awaitStatus(sealed, "ACTIVE");
            String sealedXml = Files.readString(state.resolve(sealed).resolve("libvirt.xml"));
            assertThat(sealedXml).contains("name=\"vms/" + sealed + "_disk\" protocol=\"rbd\"",
                    "<encryption format=\"luks\">");
            assertThat(admin.post("/v2.1/servers/" + sealed + "/action", "{\"os-getConsoleOutput\": {}}").json()
                    .getString("output")).contains(banner);
            Pool vms = DirectoryCluster.open(state.resolve("pool"))
                    .openPool("vms");
            try (Image image = vms.open(sealed + "_disk")) {
                assertThat(Luks1.isLuks(image.read(0, 8))).isTrue();
            }

            for (String each : new String[] {id, sealed}) {
                assertThat(admin.delete("/v2.1/servers/" + each).status()).isEqualTo(204);
                admin.awaitGone(each);
                assertThat(state.resolve(each)).doesNotExist();
            }
            assertThat(vms.list()).as("no RBD image left").isEmpty();
        }
    }
}
