package org.novalab.api.compute.rescue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * Nova's {@code rescue} and {@code unrescue} server actions: the answer (200 with the rescue password, 202), the
 * states a server goes through and starts from, the rescue image, who may ask, a locked server, stable device
 * rescue and volume-backed servers refused with Nova's 400, and the instance actions recorded.
 */
class ServerRescueApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String plum = users.project("plum");
        users.user("pia", plum, "member");
        users.user("pat", plum, "reader");
        users.user("oz", users.project("opal"), "member");
        member = Api.login(server.baseUrl(), "pia", "pw-pia", "plum");
        reader = Api.login(server.baseUrl(), "pat", "pw-pat", "plum");
        outsider = Api.login(server.baseUrl(), "oz", "pw-oz", "opal");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    static String active(String image) throws Exception {
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "r")
                .put("imageRef", image).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response rescue(Api who, String id, JsonObject args) {
        return who.post("/v2.1/servers/" + id + "/action", new JsonObject().put("rescue", args));
    }

    static Api.Response act(Api who, String id, String action) {
        return who.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull(action));
    }

    static void refused(Api.Response r, int status, String key, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(key).getString("message")).isEqualTo(message);
    }

    static void settledAs(String id, String status, String vmState) throws Exception {
        JsonObject s = member.awaitStatus(id, status);
        assertThat(s.getString("OS-EXT-STS:vm_state")).isEqualTo(vmState);
        assertThat(s.getValue("OS-EXT-STS:task_state")).isNull();
    }

    @Test
    void a_rescue_answers_the_password_and_makes_the_server_RESCUE_and_unrescue_makes_it_ACTIVE_again()
            throws Exception {
        String id = active(TestServers.CIRROS);

        Api.Response r = rescue(member, id, new JsonObject().put("adminPass", "rescue-me-1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(new JsonObject().put("adminPass", "rescue-me-1"));
        settledAs(id, "RESCUE", "rescued");
        // the rescue disk is made from the server's own image by default
        assertThat(compute.rescued).containsEntry(UUID.fromString(id), TestServers.CIRROS);

        Api.Response u = act(member, id, "unrescue");
        assertThat(u.status()).isEqualTo(202);
        assertThat(u.body()).isEmpty();
        settledAs(id, "ACTIVE", "active");
        assertThat(compute.rescued).doesNotContainKey(UUID.fromString(id));
        server.awaitIdle();

        JsonObject history = member.get("/v2.1/servers/" + id + "/os-instance-actions").json();
        assertThat(history.getJsonArray("instanceActions").stream().map(a -> ((JsonObject) a).getString("action")))
                .containsExactly("unrescue", "rescue", "create");
        for (Object o : history.getJsonArray("instanceActions")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("action").equals("create")) {
                continue;
            }
            JsonObject detail = member.send("GET", "/v2.1/servers/" + id + "/os-instance-actions/"
                    + a.getString("request_id"), null, Map.of("OpenStack-API-Version", "compute 2.51")).json()
                    .getJsonObject("instanceAction");
            assertThat(detail.getJsonArray("events")).singleElement().satisfies(e -> {
                assertThat(((JsonObject) e).getString("event"))
                        .isEqualTo("compute_" + a.getString("action") + "_instance");
                assertThat(((JsonObject) e).getString("result")).isEqualTo("Success");
            });
        }
    }

    @Test
    void a_rescue_without_arguments_answers_a_generated_password_and_a_stopped_server_is_rescued_too()
            throws Exception {
        String id = active(TestServers.CIRROS);
        act(member, id, "os-stop");
        member.awaitStatus(id, "SHUTOFF");

        Api.Response r = member.post("/v2.1/servers/" + id + "/action", "{\"rescue\": null}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("adminPass")).hasSize(12);
        settledAs(id, "RESCUE", "rescued");
        assertThat(compute.running).contains(UUID.fromString(id));
    }

    @Test
    void the_rescue_image_asked_for_must_be_one_the_caller_can_have() throws Exception {
        String id = active(TestServers.CIRROS);
        String missing = UUID.randomUUID().toString();
        refused(rescue(member, id, new JsonObject().put("rescue_image_ref", missing)), 400, "badRequest",
                "Requested rescue image '" + missing + "' is not supported");
        assertThat(rescue(member, id, new JsonObject().put("rescue_image_ref", "not-a-uuid")).status())
                .isEqualTo(400);
        refused(rescue(member, id, new JsonObject().put("other", 1).put("adminPass", "hidden-pass")), 400,
                "badRequest", "Additional properties are not allowed ('other' was unexpected)");
        String image = TestServers.uploadImage(admin, "rescue-image", "raw", new byte[1024], Map.of());

        assertThat(rescue(member, id, new JsonObject().put("rescue_image_ref", image)).status()).isEqualTo(200);
        settledAs(id, "RESCUE", "rescued");
        assertThat(compute.rescued).containsEntry(UUID.fromString(id), image);
    }

    @Test
    void rescue_and_unrescue_start_only_where_nova_lets_them_with_novas_409_otherwise() throws Exception {
        String id = active(TestServers.CIRROS);
        refused(act(member, id, "unrescue"), 409, "conflictingRequest",
                "Cannot 'unrescue' instance " + id + " while it is in vm_state active");
        act(member, id, "pause");
        member.awaitStatus(id, "PAUSED");
        refused(rescue(member, id, new JsonObject()), 409, "conflictingRequest",
                "Cannot 'rescue' instance " + id + " while it is in vm_state paused");
        act(member, id, "unpause");
        member.awaitStatus(id, "ACTIVE");

        rescue(member, id, new JsonObject());
        settledAs(id, "RESCUE", "rescued");
        refused(rescue(member, id, new JsonObject()), 409, "conflictingRequest",
                "Cannot 'rescue' instance " + id + " while it is in vm_state rescued");
        refused(act(member, id, "pause"), 409, "conflictingRequest",
                "Cannot 'pause' instance " + id + " while it is in vm_state rescued");
    }

    @Test
    void only_members_of_its_project_rescue_a_server_and_not_a_locked_one() throws Exception {
        String id = active(TestServers.CIRROS);
        assertThat(rescue(reader, id, new JsonObject()).status()).isEqualTo(403);
        assertThat(rescue(outsider, id, new JsonObject()).status()).isEqualTo(404);

        assertThat(act(member, id, "lock").status()).isEqualTo(202);
        refused(rescue(member, id, new JsonObject()), 409, "conflictingRequest", "Instance " + id + " is locked");
        assertThat(rescue(admin, id, new JsonObject()).status()).isEqualTo(200);
        settledAs(id, "RESCUE", "rescued");
        refused(act(member, id, "unrescue"), 409, "conflictingRequest", "Instance " + id + " is locked");
        assertThat(act(admin, id, "unrescue").status()).isEqualTo(202);
        settledAs(id, "ACTIVE", "active");
    }

    @Test
    void a_stable_device_rescue_image_is_refused_with_novas_400_as_the_driver_does_not_do_it() throws Exception {
        String id = active(TestServers.CIRROS);
        String stable = TestServers.uploadImage(admin, "stable", "raw", new byte[1024],
                Map.of("hw_rescue_device", "disk", "hw_rescue_bus", "virtio"));

        refused(rescue(member, id, new JsonObject().put("rescue_image_ref", stable)), 400, "badRequest",
                "Instance " + id + " cannot be rescued: Stable device rescue (hw_rescue_device, hw_rescue_bus) is "
                        + "not supported by novalab's driver");
        JsonObject s = member.get("/v2.1/servers/" + id).json().getJsonObject("server");
        assertThat(s.getString("status")).isEqualTo("ACTIVE");
        assertThat(s.getValue("OS-EXT-STS:task_state")).isNull();
    }

    @Test
    void a_rescue_the_driver_fails_leaves_the_server_in_error_with_novas_fault() throws Exception {
        String image = TestServers.uploadImage(admin, "fails-rescue", "raw", new byte[1024],
                Map.of("novalab_test", "fail_rescue"));
        String id = active(image);

        assertThat(rescue(member, id, new JsonObject()).status()).isEqualTo(200);
        JsonObject s = admin.awaitStatus(id, "ERROR");
        assertThat(s.getJsonObject("fault").getString("message"))
                .startsWith("Instance " + id + " cannot be rescued: Driver Error: ");
    }

    @Test
    void deleting_a_rescued_server_removes_it() throws Exception {
        String id = active(TestServers.CIRROS);
        rescue(member, id, new JsonObject());
        settledAs(id, "RESCUE", "rescued");

        assertThat(member.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        member.awaitGone(id);
        assertThat(compute.rescued).doesNotContainKey(UUID.fromString(id));
        assertThat(compute.domains).doesNotContainKey(UUID.fromString(id));
    }
}
