package org.novalab.api.compute.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.RebuildRequest;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;

/**
 * {@code POST /servers/{id}/action {"rebuild": ...}} as Nova answers it: the server is made again from an image,
 * with the attributes the microversion lets the body change, through rebuilding to ACTIVE (or SHUTOFF again), and
 * its root disk is encrypted as it was whatever the new image says.
 */
class ServerRebuildApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;
    static String alt;
    static String asksForQcow;
    static String big;
    static String broken;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String ruby = users.project("ruby");
        users.user("rob", ruby, "member");
        users.user("rita", ruby, "reader");
        users.user("odo", users.project("onyx"), "member");
        member = Api.login(server.baseUrl(), "rob", "pw-rob", "ruby");
        reader = Api.login(server.baseUrl(), "rita", "pw-rita", "ruby");
        outsider = Api.login(server.baseUrl(), "odo", "pw-odo", "onyx");
        alt = TestServers.uploadImage(admin, "alt", "raw", new byte[4096], Map.of());
        asksForQcow = TestServers.uploadImage(admin, "asks-for-qcow", "raw", new byte[4096],
                Map.of(EncryptionChoice.IMAGE_FORMAT, "qcow", EncryptionChoice.IMAGE_DISK_CREATION, "convert"));
        Path qcow2 = state.resolve("big.qcow2");
        Disks.java().create(qcow2, CreateOptions.qcow2(2L << 30));
        big = TestServers.uploadImage(admin, "big", "qcow2", Files.readAllBytes(qcow2), Map.of());
        broken = TestServers.uploadImage(admin, "broken", "raw", new byte[512], Map.of("fail_boot", "yes"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        compute.gate.countDown();
        compute.actionGate.countDown();
        TestServers.deleteEveryServer(server, admin);
    }

    static Api.Response call(Api who, String method, String path, Object body, String microversion) {
        return who.send(method, path, body == null ? null : body.toString(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static Api.Response rebuild(Api who, String id, JsonObject rebuild, String microversion) {
        return call(who, "POST", "/v2.1/servers/" + id + "/action", new JsonObject().put("rebuild", rebuild),
                microversion);
    }

    static String active(Api who, String flavor) throws Exception {
        Api.Response r = call(who, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "vm").put("imageRef", TestServers.CIRROS).put("flavorRef", flavor)
                .put("networks", "none").put("metadata", new JsonObject().put("old", "yes"))), "2.57");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        who.awaitStatus(id, "ACTIVE");
        return id;
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    @Test
    void a_rebuild_answers_the_server_rebuilding_and_it_comes_back_active_from_the_new_image() throws Exception {
        String id = active(member, "1");
        assertThat(call(member, "POST", "/v2.1/os-keypairs", new JsonObject().put("keypair",
                new JsonObject().put("name", "k1")), "2.57").status()).isEqualTo(201);

        Api.Response r = rebuild(member, id, new JsonObject().put("imageRef", alt).put("name", "reborn")
                .put("metadata", new JsonObject().put("new", "yes")).put("adminPass", "rebuildPassw0rd")
                .put("accessIPv6", "0000:0000:0000:0000:0000:babe:220.12.22.2").put("key_name", "k1")
                .put("user_data", "ZWNobyAiaGVsbG8gd29ybGQi").put("description", "second life"), "2.57");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonObject answer = r.json().getJsonObject("server");
        assertThat(answer.getString("id")).isEqualTo(id);
        assertThat(answer.getString("status")).isEqualTo("REBUILD");
        assertThat(answer.getInteger("progress")).isZero();
        assertThat(answer.getJsonObject("image").getString("id")).isEqualTo(alt);
        assertThat(answer.getString("name")).isEqualTo("reborn");
        assertThat(answer.getString("adminPass")).isEqualTo("rebuildPassw0rd");
        assertThat(answer.getString("key_name")).isEqualTo("k1");
        assertThat(answer.getString("user_data")).isEqualTo("ZWNobyAiaGVsbG8gd29ybGQi");
        assertThat(answer.getString("accessIPv6")).isEqualTo("::babe:dc0c:1602");
        assertThat(answer.getString("description")).isEqualTo("second life");
        assertThat(answer.containsKey("OS-EXT-STS:task_state")).as("before 2.75, as an update answers").isFalse();

        JsonObject after = member.awaitStatus(id, "ACTIVE");
        assertThat(after.getJsonObject("image").getString("id")).isEqualTo(alt);
        assertThat(after.getJsonObject("metadata").getMap()).containsExactly(Map.entry("new", "yes"));
        assertThat(compute.domains.get(UUID.fromString(id)).imageId()).isEqualTo(alt);
        JsonObject actions = call(member, "GET", "/v2.1/servers/" + id + "/os-instance-actions", null, "2.57").json();
        JsonObject latest = actions.getJsonArray("instanceActions").getJsonObject(0);
        assertThat(latest.getString("action")).isEqualTo("rebuild");
        JsonObject action = call(admin, "GET", "/v2.1/servers/" + id + "/os-instance-actions/"
                + latest.getString("request_id"), null, "2.57").json().getJsonObject("instanceAction");
        assertThat(action.getJsonArray("events").getJsonObject(0).getString("event"))
                .isEqualTo("compute_rebuild_instance");
        assertThat(action.getJsonArray("events").getJsonObject(0).getString("result")).isEqualTo("Success");
    }

    @Test
    void before_2_54_the_answer_has_no_key_and_a_generated_password_and_from_2_75_everything() throws Exception {
        String id = active(member, "1");

        JsonObject v21 = rebuild(member, id, new JsonObject().put("imageRef", alt), "2.1").json()
                .getJsonObject("server");
        assertThat(v21.containsKey("key_name")).isFalse();
        assertThat(v21.containsKey("user_data")).isFalse();
        assertThat(v21.getString("adminPass")).hasSize(12);
        member.awaitStatus(id, "ACTIVE");

        JsonObject v275 = rebuild(member, id, new JsonObject().put("imageRef", TestServers.CIRROS), "2.75").json()
                .getJsonObject("server");
        assertThat(v275.getString("OS-EXT-STS:task_state")).isEqualTo("rebuilding");
        assertThat(v275.getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        assertThat(v275.containsKey("OS-EXT-AZ:availability_zone")).isTrue();
        refused(rebuild(member, id, new JsonObject().put("imageRef", alt).put("key_name", "k"), "2.53"), 400,
                "badRequest", "Invalid input for field/attribute rebuild. Value: {\"imageRef\":\"" + alt
                        + "\",\"key_name\":\"k\"}. Additional properties are not allowed ('key_name' was unexpected)");
    }

    @Test
    void a_stopped_server_is_rebuilt_and_stays_shutoff() throws Exception {
        String id = active(member, "1");
        assertThat(call(member, "POST", "/v2.1/servers/" + id + "/action", new JsonObject().putNull("os-stop"),
                "2.1").status()).isEqualTo(202);
        member.awaitStatus(id, "SHUTOFF");

        assertThat(rebuild(member, id, new JsonObject().put("imageRef", alt), "2.1").status()).isEqualTo(202);

        JsonObject after = member.awaitStatus(id, "SHUTOFF");
        assertThat(after.getJsonObject("image").getString("id")).isEqualTo(alt);
        assertThat(compute.running).doesNotContain(UUID.fromString(id));
        assertThat(last(id).staysStopped()).isTrue();
    }

    @Test
    void a_server_in_error_is_rebuilt_to_active_and_a_failed_rebuild_is_an_error_with_its_fault() throws Exception {
        Api.Response r = call(member, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "vm").put("imageRef", broken).put("flavorRef", "1").put("networks", "none")), "2.1");
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ERROR");

        assertThat(rebuild(member, id, new JsonObject().put("imageRef", alt), "2.1").status()).isEqualTo(202);
        member.awaitStatus(id, "ACTIVE");

        assertThat(rebuild(member, id, new JsonObject().put("imageRef", broken), "2.1").status()).isEqualTo(202);
        JsonObject failed = member.awaitStatus(id, "ERROR");
        assertThat(failed.getJsonObject("fault").getString("message")).isEqualTo("the guest found no bootable disk");
    }

    @Test
    void the_root_disk_keeps_the_encryption_and_creation_it_was_built_with_whatever_the_new_image_asks()
            throws Exception {
        String id = active(member, "101");

        assertThat(rebuild(member, id, new JsonObject().put("imageRef", asksForQcow), "2.1").status()).isEqualTo(202);
        member.awaitStatus(id, "ACTIVE");

        RebuildRequest asked = last(id);
        assertThat(asked.spawn().imageId()).isEqualTo(asksForQcow);
        assertThat(asked.spawn().encryption()).isEqualTo(EncryptionChoice.luks());
        assertThat(asked.spawn().creation()).isEqualTo(DiskCreation.BACKING_FILE);
        assertThat(asked.spawn().flavor().extraSpecs()).containsEntry("hw:ephemeral_encryption", "true");
    }

    @Test
    void a_server_busy_or_in_another_project_or_a_reader_gets_novas_refusals() throws Exception {
        String id = active(member, "1");
        refused(rebuild(outsider, id, new JsonObject().put("imageRef", alt), "2.1"), 404, "itemNotFound",
                "Instance " + id + " could not be found.");
        refused(rebuild(reader, id, new JsonObject().put("imageRef", alt), "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:servers:rebuild to be performed.");
        String missing = UUID.randomUUID().toString();
        refused(rebuild(member, missing, new JsonObject().put("imageRef", alt), "2.1"), 404, "itemNotFound",
                "Instance " + missing + " could not be found.");

        compute.actionGate = new CountDownLatch(1);
        assertThat(rebuild(member, id, new JsonObject().put("imageRef", alt), "2.1").status()).isEqualTo(202);
        Api.Response again = rebuild(member, id, new JsonObject().put("imageRef", alt), "2.1");
        assertThat(again.status()).isEqualTo(409);
        // the host may have taken it to one of its own two steps already
        assertThat(again.json().getJsonObject("conflictingRequest").getString("message")).matches("Cannot 'rebuild' "
                + "instance " + id + " while it is in task_state (rebuilding|rebuild_block_device_mapping|rebuild_spawning)");
        compute.actionGate.countDown();
        member.awaitStatus(id, "ACTIVE");

        compute.gate = new CountDownLatch(1);
        Api.Response building = call(member, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "b").put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")),
                "2.1");
        String buildingId = building.json().getJsonObject("server").getString("id");
        refused(rebuild(member, buildingId, new JsonObject().put("imageRef", alt), "2.1"), 409, "conflictingRequest",
                "Cannot 'rebuild' instance " + buildingId + " while it is in vm_state building");
    }

    @Test
    void an_image_the_caller_cannot_boot_or_the_flavor_cannot_hold_is_a_bad_request() throws Exception {
        String id = active(member, "1");
        String unknown = UUID.randomUUID().toString();
        refused(rebuild(member, id, new JsonObject().put("imageRef", unknown), "2.1"), 400, "badRequest",
                "Cannot find image for rebuild");
        refused(rebuild(member, id, new JsonObject().put("imageRef", big), "2.1"), 400, "badRequest",
                "Flavor's disk is too small for requested image. Flavor disk is 1073741824 bytes, image is "
                        + "2147483648 bytes.");
        refused(rebuild(member, id, new JsonObject().put("imageRef", alt).put("key_name", "nope"), "2.54"), 400,
                "badRequest", "Invalid key_name provided.");
        refused(rebuild(member, id, new JsonObject().put("name", "x"), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute rebuild. Value: {\"name\":\"x\"}. 'imageRef' is a required property");
        refused(rebuild(member, id, new JsonObject().put("imageRef", "not-a-uuid"), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute imageRef. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'");
        assertThat(member.awaitStatus(id, "ACTIVE").getJsonObject("image").getString("id"))
                .as("nothing changed").isEqualTo(TestServers.CIRROS);
        assertThat(compute.rebuilds.stream().map(RebuildRequest::uuid).toList()).doesNotContain(UUID.fromString(id));
    }

    @Test
    void the_key_can_be_removed_and_user_data_reset_with_null() throws Exception {
        String id = active(member, "1");
        assertThat(call(member, "POST", "/v2.1/os-keypairs", new JsonObject().put("keypair",
                new JsonObject().put("name", "k2")), "2.57").status()).isEqualTo(201);
        rebuild(member, id, new JsonObject().put("imageRef", alt).put("key_name", "k2").put("user_data", "aGk="),
                "2.57");
        member.awaitStatus(id, "ACTIVE");

        JsonObject cleared = rebuild(member, id, new JsonObject().put("imageRef", alt).putNull("key_name")
                .putNull("user_data"), "2.57").json().getJsonObject("server");

        assertThat(cleared.getValue("key_name")).isNull();
        assertThat(cleared.containsKey("user_data")).isTrue();
        assertThat(cleared.getValue("user_data")).isNull();
        assertThat(member.awaitStatus(id, "ACTIVE").getValue("key_name")).isNull();
    }

    private static RebuildRequest last(String id) {
        List<RebuildRequest> mine = compute.rebuilds.stream().filter(r -> r.uuid().toString().equals(id)).toList();
        assertThat(mine).isNotEmpty();
        return mine.get(mine.size() - 1);
    }
}
