package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Cinder's quotas: shown with what is in use, set by an admin, enforced on create and extend, and the limits. */
class VolumeQuotaApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static String project;
    static String v3;
    static VolumeCalls volumes;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        project = admin.send("GET", "/identity/v3/auth/tokens", null, java.util.Map.of("X-Subject-Token",
                admin.token())).json().getJsonObject("token").getJsonObject("project").getString("id");
        v3 = "/volume/v3/" + project;
        volumes = new VolumeCalls(admin, v3);
    }

    @AfterEach
    void backToDefaults() throws Exception {
        for (Object o : admin.get(v3 + "/volumes").json().getJsonArray("volumes")) {
            String id = ((JsonObject) o).getString("id");
            admin.delete(v3 + "/volumes/" + id);
            volumes.awaitGone(id);
        }
        assertThat(admin.delete(v3 + "/os-quota-sets/" + project).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_project_has_cinders_defaults_and_sees_what_it_uses() throws Exception {
        JsonObject defaults = admin.get(v3 + "/os-quota-sets/" + project + "/defaults").json()
                .getJsonObject("quota_set");
        assertThat(defaults.getMap()).containsEntry("id", project).containsEntry("volumes", 10)
                .containsEntry("gigabytes", 1000).containsEntry("snapshots", 10)
                .containsEntry("per_volume_gigabytes", -1);

        String id = create(2);
        JsonObject usage = admin.get(v3 + "/os-quota-sets/" + project + "?usage=True").json()
                .getJsonObject("quota_set");
        assertThat(usage.getJsonObject("volumes").getMap()).containsEntry("limit", 10).containsEntry("in_use", 1);
        assertThat(usage.getJsonObject("gigabytes").getMap()).containsEntry("limit", 1000).containsEntry("in_use", 2);

        JsonObject absolute = admin.get(v3 + "/limits").json().getJsonObject("limits").getJsonObject("absolute");
        assertThat(absolute.getMap()).containsEntry("maxTotalVolumes", 10).containsEntry("totalVolumesUsed", 1)
                .containsEntry("maxTotalVolumeGigabytes", 1000).containsEntry("totalGigabytesUsed", 2);
        assertThat(id).isNotBlank();
    }

    @Test
    void a_create_past_the_volume_count_or_the_gigabytes_is_refused_with_413_and_makes_nothing() throws Exception {
        setQuota(new JsonObject().put("volumes", 1).put("gigabytes", "3"));
        String first = create(2);

        Api.Response second = admin.post(v3 + "/volumes", body(1));
        assertThat(second.status()).isEqualTo(413);
        assertThat(second.json().getJsonObject("overLimit").getString("message"))
                .isEqualTo("VolumeLimitExceeded: Maximum number of volumes allowed (1) exceeded for quota 'volumes'.");
        setQuota(new JsonObject().put("volumes", 5));
        Api.Response tooBig = admin.post(v3 + "/volumes", body(2));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().getJsonObject("overLimit").getString("message")).isEqualTo(
                "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. "
                        + "Requested 2G, quota is 3G and 2G has been consumed.");
        assertThat(admin.get(v3 + "/volumes").json().getJsonArray("volumes")).hasSize(1);

        Api.Response extend = admin.post(v3 + "/volumes/" + first + "/action",
                new JsonObject().put("os-extend", new JsonObject().put("new_size", 4)));
        assertThat(extend.status()).isEqualTo(413);
        assertThat(volumes.awaitStatus(first, "available").getInteger("size")).isEqualTo(2);
    }

    @Test
    void one_volume_larger_than_per_volume_gigabytes_is_refused() {
        setQuota(new JsonObject().put("per_volume_gigabytes", 1));
        Api.Response refused = admin.post(v3 + "/volumes", body(2));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().getJsonObject("overLimit").getString("message"))
                .isEqualTo("VolumeSizeExceedsLimit: Requested volume size 2G is larger than maximum allowed limit 1G.");
    }

    @Test
    void an_update_names_known_resources_with_whole_numbers_not_below_what_is_in_use() throws Exception {
        create(1);
        assertError(admin.send("PUT", v3 + "/os-quota-sets/" + project, new JsonObject().put("quota_set",
                new JsonObject().put("volumes", 0)).encode(), java.util.Map.of()), "must be equal or greater");
        assertError(admin.send("PUT", v3 + "/os-quota-sets/" + project, new JsonObject().put("quota_set",
                new JsonObject().put("volumes_LUKS", 3)).encode(), java.util.Map.of()), "Bad key(s) in quota set");
        assertError(admin.send("PUT", v3 + "/os-quota-sets/" + project, new JsonObject().put("quota_set",
                new JsonObject().put("gigabytes", "many")).encode(), java.util.Map.of()), "must be an integer");
        assertError(admin.send("PUT", v3 + "/os-quota-sets/" + project, new JsonObject().put("quota_set",
                new JsonObject().put("gigabytes", -2)).encode(), java.util.Map.of()), "-1 (unlimited)");

        JsonObject set = setQuota(new JsonObject().put("volumes", -1).put("snapshots", 4));
        assertThat(set.getMap()).containsEntry("volumes", -1).containsEntry("snapshots", 4);
        assertThat(admin.get(v3 + "/os-quota-sets/" + project).json().getJsonObject("quota_set").getMap())
                .containsEntry("volumes", -1).containsEntry("snapshots", 4).containsEntry("gigabytes", 1000);
    }

    private static JsonObject setQuota(JsonObject limits) {
        Api.Response r = admin.send("PUT", v3 + "/os-quota-sets/" + project,
                new JsonObject().put("quota_set", limits).encode(), java.util.Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonObject("quota_set");
    }

    private static String create(int sizeGb) throws Exception {
        Api.Response r = admin.post(v3 + "/volumes", body(sizeGb));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("volume").getString("id");
        volumes.awaitStatus(id, "available");
        return id;
    }

    private static JsonObject body(int sizeGb) {
        return new JsonObject().put("volume", new JsonObject().put("size", sizeGb));
    }

    private static void assertError(Api.Response r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().getJsonObject("badRequest").getString("message")).contains(message);
    }
}
