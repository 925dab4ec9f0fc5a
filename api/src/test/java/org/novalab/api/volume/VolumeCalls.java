package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;

/** One caller's view of the volume API at {@code v3} ({@code /volume/v3/<project>}): waits and common steps. */
record VolumeCalls(Api api, String v3) {
    /** The admin's view at the path the catalog's volumev3 endpoint names for the demo project. */
    static VolumeCalls asAdmin(String baseUrl) throws Exception {
        JsonArray catalog = Api.anonymous(baseUrl).send("POST", "/identity/v3/auth/tokens",
                Api.passwordAuth("admin", TestServers.ADMIN_PASSWORD, "demo"), Map.of()).json()
                .getJsonObject("token").getJsonArray("catalog");
        String url = catalog.stream().map(o -> (JsonObject) o).filter(s -> s.getString("type").equals("volumev3"))
                .findFirst().orElseThrow().getJsonArray("endpoints").getJsonObject(0).getString("url");
        return new VolumeCalls(Api.login(baseUrl, "admin", TestServers.ADMIN_PASSWORD, "demo"),
                "/volume/v3/" + url.substring(url.lastIndexOf('/') + 1));
    }

    String encryptedType(String name, String backend) {
        String id = VolumeApiTest.created(api.post(v3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", name).put("extra_specs", new JsonObject().put("volume_backend_name", backend)))), 200,
                "volume_type").getString("id");
        VolumeApiTest.created(api.post(v3 + "/types/" + id + "/encryption", VolumeApiTest.luks()), 200, "encryption");
        return id;
    }

    /** Polls until the volume reaches {@code status}; fails at once on an error status it did not ask for. */
    JsonObject awaitStatus(String id, String status) throws InterruptedException {
        JsonObject volume = null;
        for (int i = 0; i < 600; i++) {
            volume = api.get(v3 + "/volumes/" + id).json().getJsonObject("volume");
            if (volume.getString("status").equals(status)) {
                return volume;
            }
            assertThat(volume.getString("status")).as(volume.encode()).doesNotStartWith("error");
            Thread.sleep(50);
        }
        throw new AssertionError("volume " + id + " never became " + status + ": " + volume);
    }

    void awaitGone(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (api.get(v3 + "/volumes/" + id).status() == 404) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("volume " + id + " was never deleted");
    }

    /** Polls until the snapshot reaches {@code status}; fails at once on an error status. */
    JsonObject awaitSnapshot(String id, String status) throws InterruptedException {
        JsonObject snap = null;
        for (int i = 0; i < 600; i++) {
            snap = api.get(v3 + "/snapshots/" + id).json().getJsonObject("snapshot");
            if (snap.getString("status").equals(status)) {
                return snap;
            }
            assertThat(snap.getString("status")).as(snap.encode()).doesNotStartWith("error");
            Thread.sleep(50);
        }
        throw new AssertionError("snapshot " + id + " never became " + status + ": " + snap);
    }

    void awaitSnapshotGone(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (api.get(v3 + "/snapshots/" + id).status() == 404) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("snapshot " + id + " was never deleted");
    }
}
