package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** A server killed during a create or delete: the next start finishes the delete and fails the create cleanly. */
class VolumeRestartTest {
    @TempDir
    Path state;

    @Test
    void an_interrupted_create_ends_in_error_without_disk_or_key_and_an_interrupted_delete_is_finished()
            throws Exception {
        String creating;
        String deleting;
        String project;
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            project = new org.novalab.api.testing.Users(admin).projectId("demo");
            String v3 = "/volume/v3/" + project;
            VolumeCalls calls = new VolumeCalls(admin, v3);
            calls.encryptedType("LUKS-restart", "rbd");
            creating = create(admin, v3, "was-creating");
            deleting = create(admin, v3, "was-deleting");
            calls.awaitStatus(creating, "available");
            calls.awaitStatus(deleting, "available");
        }
        // what a kill -9 in the middle leaves: rows in creating and deleting, their disks and keys still there
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            c.createStatement().executeUpdate("UPDATE volumes SET status = 'creating' WHERE id = '" + creating + "'");
            c.createStatement().executeUpdate("UPDATE volumes SET status = 'deleting' WHERE id = '" + deleting + "'");
        }
        assertThat(KeyRows.owned(state, creating)).isEqualTo(1);
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String v3 = "/volume/v3/" + project;
            VolumeCalls calls = new VolumeCalls(admin, v3);
            JsonObject failed = admin.get(v3 + "/volumes/" + creating).json().getJsonObject("volume");
            assertThat(failed.getString("status")).isEqualTo("error");
            assertThat(failed.getString("novalab:error_reason")).contains("interrupted by a restart");
            assertThat(failed.getBoolean("encrypted")).isFalse();
            assertThat(KeyRows.owned(state, creating)).isZero();
            assertThat(state.resolve("pool/volumes/rbd_id.volume-" + creating)).doesNotExist();
            calls.awaitGone(deleting);
            assertThat(KeyRows.owned(state, deleting)).isZero();
            // a volume in error can be deleted
            assertThat(admin.delete(v3 + "/volumes/" + creating).status()).isEqualTo(202);
            calls.awaitGone(creating);
        }
    }

    private static String create(Api admin, String v3, String name) {
        return VolumeApiTest.created(admin.post(v3 + "/volumes", new JsonObject().put("volume", new JsonObject()
                .put("size", 1).put("volume_type", "LUKS-restart").put("name", name))), 202, "volume").getString("id");
    }
}
