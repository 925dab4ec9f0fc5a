package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.TestServers;
import org.novalab.image.inspect.CraftedImages;
import org.novalab.image.inspect.CraftedImages.Hostile;

/**
 * Issue 15's crafted qcow2 images the way a hostile tester sends them: uploaded through Glance, booted through
 * Nova on the real compute host (novalab's image cache and driver). Each server ends in ERROR with a fault naming
 * what is wrong, nothing of it reaches {@code _base}, and Glance never shows a negative virtual size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CraftedImagesApiTest {
    /** m1.small: 20 GB, room for the bomb's 4 GiB, so only the image cache can refuse it. */
    static final String FLAVOR = "2";
    @TempDir
    static Path dir;
    LabServer lab;
    Api admin;

    @BeforeAll
    void start() throws Exception {
        lab = new LabServer(dir.resolve("state"));
        admin = lab.admin();
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    static Stream<Hostile> hostile() {
        return CraftedImages.hostileQcow2().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void the_server_goes_to_error_with_a_fault_naming_the_problem(Hostile crafted) throws Exception {
        String image = TestServers.uploadImage(admin, crafted.name(), "qcow2", crafted.image(), Map.of());
        Object virtualSize = admin.get("/v2/images/" + image).json().getValue("virtual_size");
        assertThat(virtualSize == null || ((Number) virtualSize).longValue() >= 0).as("virtual_size %s", virtualSize)
                .isTrue();

        Api.Response created = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "crafted").put("imageRef", image).put("flavorRef", FLAVOR)));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().getJsonObject("server").getString("id");
        JsonObject server = admin.awaitStatus(id, "ERROR", "ACTIVE");

        assertThat(server.getString("status")).isEqualTo("ERROR");
        assertThat(server.getJsonObject("fault").getString("message")).contains(image)
                .contains(crafted.refusal());
        try (Stream<Path> base = Files.list(lab.state.resolve("_base"))) {
            assertThat(base).isEmpty();
        }
        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        admin.awaitGone(id);
    }
}
