package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * The scheduler's ImagePropertiesFilter through the API: an image whose {@code hw_architecture} no compute host runs
 * (novalab's host is x86_64 QEMU) boots nowhere, ERROR with Nova's NoValidHost fault; {@code amd64} is x86_64; a
 * Xen hypervisor type is no host's either.
 */
class ImagePropertiesSchedulingApiTest {
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
    void an_image_for_an_architecture_no_host_runs_finds_no_valid_host() throws Exception {
        property("hw_architecture", "aarch64");
        JsonObject failed = boot("arm", "ERROR");
        assertThat(failed.getJsonObject("fault").getString("message"))
                .isEqualTo("No valid host was found. There are not enough hosts available.");

        property("hw_architecture", "amd64");
        assertThat(boot("x86", "ACTIVE").getString("status")).as("amd64 is the host's x86_64").isEqualTo("ACTIVE");

        property("img_hv_type", "xen");
        assertThat(boot("xen", "ERROR").getString("status")).isEqualTo("ERROR");
    }

    /** Sets (adds or replaces) a property of the fixture image through Glance's json-patch. */
    private static void property(String name, String value) {
        Api.Response r = admin.send("PATCH", "/v2/images/" + TestServers.CIRROS, new JsonArray().add(new JsonObject()
                .put("op", "add").put("path", "/" + name).put("value", value)).encode(),
                Map.of("Content-Type", "application/openstack-images-v2.1-json-patch"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static JsonObject boot(String name, String status) throws Exception {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return admin.awaitStatus(r.json().getJsonObject("server").getString("id"), status);
    }
}
