package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.volume.VolumeApiTest.assertError;
import static org.novalab.api.volume.VolumeApiTest.created;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/** Who may do what: types are admins', volumes their project's; a reader only looks. */
class VolumePolicyApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static Api reader;
    static String adminV3;
    static String teamV3;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String team = users.project("team");
        users.user("vera", team, "member");
        users.user("rory", team, "reader");
        member = Api.login(server.baseUrl(), "vera", "pw-vera", "team");
        reader = Api.login(server.baseUrl(), "rory", "pw-rory", "team");
        adminV3 = "/volume/v3/" + users.projectId("demo");
        teamV3 = "/volume/v3/" + team;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void only_an_admin_manages_types_and_a_user_sees_neither_private_types_nor_the_backend_spec() {
        assertError(member.post(teamV3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", "mine"))), 403, "forbidden", "volume_extension:types_manage");
        String hidden = created(admin.post(adminV3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", "ops-only").put("os-volume-type-access:is_public", false))), 200, "volume_type")
                .getString("id");
        String filed = created(admin.post(adminV3 + "/types", new JsonObject().put("volume_type", new JsonObject()
                .put("name", "on-files").put("extra_specs", new JsonObject().put("volume_backend_name", "file")))),
                200, "volume_type").getString("id");
        assertThat(member.get(teamV3 + "/types").json().getJsonArray("volume_types").stream()
                .map(t -> ((JsonObject) t).getString("name"))).contains("on-files").doesNotContain("ops-only");
        assertError(member.get(teamV3 + "/types/" + hidden), 404, "itemNotFound", hidden);
        assertError(member.post(teamV3 + "/volumes", new JsonObject().put("volume", new JsonObject().put("size", 1)
                .put("volume_type", "ops-only"))), 404, "itemNotFound", "ops-only");
        assertThat(member.get(teamV3 + "/types/" + filed).json().getJsonObject("volume_type")
                .getJsonObject("extra_specs").containsKey("volume_backend_name")).isFalse();
        assertError(member.delete(teamV3 + "/types/" + filed), 403, "forbidden", "types_manage");
    }

    @Test
    void a_projects_volumes_are_its_own_and_a_reader_cannot_change_them() throws Exception {
        String id = created(member.post(teamV3 + "/volumes", new JsonObject().put("volume", new JsonObject()
                .put("size", 1).put("name", "team-volume"))), 202, "volume").getString("id");
        assertThat(reader.get(teamV3 + "/volumes/" + id).status()).isEqualTo(200);
        assertError(reader.delete(teamV3 + "/volumes/" + id), 403, "forbidden", "reader");
        // the admin's own project lists its own volumes; all_tenants shows everyone's
        assertThat(admin.get(adminV3 + "/volumes").json().getJsonArray("volumes").stream()
                .map(v -> ((JsonObject) v).getString("id"))).doesNotContain(id);
        assertThat(admin.get(adminV3 + "/volumes?all_tenants=1").json().getJsonArray("volumes").stream()
                .map(v -> ((JsonObject) v).getString("id"))).contains(id);
        // the user's token cannot reach another project's URL
        assertError(member.get(adminV3 + "/volumes"), 400, "badRequest", "Malformed request url");
        for (int i = 0; i < 200 && !"available".equals(member.get(teamV3 + "/volumes/" + id).json()
                .getJsonObject("volume").getString("status")); i++) {
            Thread.sleep(50);
        }
        assertThat(member.delete(teamV3 + "/volumes/" + id).status()).isEqualTo(202);
        // a volume being deleted cannot be deleted or extended again
        Api.Response again = member.delete(teamV3 + "/volumes/" + id);
        assertThat(again.status()).isIn(400, 404);
    }
}
