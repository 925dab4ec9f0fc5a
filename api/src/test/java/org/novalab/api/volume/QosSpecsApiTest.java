package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.volume.VolumeApiTest.assertError;
import static org.novalab.api.volume.VolumeApiTest.created;

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
import org.novalab.api.testing.Users;

/** QoS specs as an admin manages them: the limits libvirt takes, one spec per type, none deleted while in use. */
class QosSpecsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static String v3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        v3 = "/volume/v3/" + new Users(admin).projectId("demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_front_end_spec_is_created_set_associated_with_a_type_and_deleted_once_free() {
        JsonObject spec = created(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "fast").put("consumer", "front-end").put("total_iops_sec", "500"))), 200, "qos_specs");
        String id = spec.getString("id");
        assertThat(spec.getString("consumer")).isEqualTo("front-end");
        assertThat(spec.getJsonObject("specs").getMap()).isEqualTo(Map.of("total_iops_sec", "500"));
        assertThat(admin.send("PUT", v3 + "/qos-specs/" + id, new JsonObject().put("qos_specs", new JsonObject()
                .put("total_bytes_sec", "104857600")).encode(), Map.of()).status()).isEqualTo(200);
        assertThat(admin.get(v3 + "/qos-specs/" + id).json().getJsonObject("qos_specs").getJsonObject("specs")
                .getMap()).containsOnlyKeys("total_iops_sec", "total_bytes_sec");

        String type = created(admin.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", "limited"))), 200, "volume_type").getString("id");
        assertThat(admin.get(v3 + "/qos-specs/" + id + "/associate?vol_type_id=" + type).status()).isEqualTo(202);
        assertThat(admin.get(v3 + "/types/" + type).json().getJsonObject("volume_type").getString("qos_specs_id"))
                .isEqualTo(id);
        JsonArray associations = admin.get(v3 + "/qos-specs/" + id + "/associations").json()
                .getJsonArray("qos_associations");
        assertThat(associations).hasSize(1);
        assertThat(associations.getJsonObject(0).getString("name")).isEqualTo("limited");

        String other = created(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "slow").put("consumer", "front-end").put("read_iops_sec", "10"))), 200, "qos_specs")
                .getString("id");
        assertError(admin.get(v3 + "/qos-specs/" + other + "/associate?vol_type_id=" + type), 400, "badRequest",
                "already associated with another qos specs");
        assertError(admin.delete(v3 + "/qos-specs/" + id), 400, "badRequest", "still associated");
        assertThat(admin.get(v3 + "/qos-specs/" + id + "/disassociate?vol_type_id=" + type).status()).isEqualTo(202);
        assertThat(admin.delete(v3 + "/qos-specs/" + id).status()).isEqualTo(202);
        assertError(admin.get(v3 + "/qos-specs/" + id), 404, "itemNotFound", id);
        assertThat(admin.send("PUT", v3 + "/qos-specs/" + other + "/delete_keys", new JsonObject().put("keys",
                new JsonArray().add("read_iops_sec")).encode(), Map.of()).status()).isEqualTo(202);
        JsonObject slow = admin.get(v3 + "/qos-specs").json().getJsonArray("qos_specs").stream()
                .map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(other)).findFirst().orElseThrow();
        assertThat(slow.getJsonObject("specs").isEmpty()).isTrue();
        assertThat(admin.get(v3 + "/qos-specs").json().getJsonArray("qos_specs").stream()
                .map(o -> ((JsonObject) o).getString("name"))).doesNotContain("fast");
    }

    @Test
    void limits_libvirt_would_refuse_are_refused_here() {
        assertError(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "both").put("total_iops_sec", "5").put("read_iops_sec", "5"))), 400, "badRequest",
                "total_iops_sec cannot be set with read_iops_sec");
        assertError(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "neg").put("total_bytes_sec", "-1"))), 400, "badRequest", "whole number");
        assertError(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "typo").put("total_iop_sec", "5"))), 400, "badRequest", "unknown QoS spec");
        assertError(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "where").put("consumer", "middle"))), 400, "badRequest", "consumer");
        created(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject().put("name", "dup"))),
                200, "qos_specs");
        assertError(admin.post(v3 + "/qos-specs", new JsonObject().put("qos_specs", new JsonObject()
                .put("name", "dup"))), 409, "conflictingRequest", "QoS Specs dup already exists.");
    }
}
