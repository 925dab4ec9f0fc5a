package org.novalab.api.compute.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;
import org.novalab.fixture.FixtureGuest;

/**
 * {@code createImage} and {@code createBackup} as Nova answers them, on the real libvirt driver (test driver) and
 * the server's own image service: the answer per microversion, the image Glance then shows (its properties, its
 * encryption when the server's disk is encrypted), the server's states around it, Nova's 400/403/404/409, the
 * backups' rotation, and a server booted from an encrypted snapshot.
 */
class ServerSnapshotApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;
    static String project;
    static String encryptedFlavor;

    @BeforeAll
    static void start() throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        server = NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node),
                new LibvirtComputeServices());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        project = users.project("sage");
        users.user("sam", project, "member");
        users.user("sue", project, "reader");
        users.user("ola", users.project("olive"), "member");
        member = Api.login(server.baseUrl(), "sam", "pw-sam", "sage");
        reader = Api.login(server.baseUrl(), "sue", "pw-sue", "sage");
        outsider = Api.login(server.baseUrl(), "ola", "pw-ola", "olive");
        Api.Response flavor = admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject()
                .put("name", "encrypted").put("ram", 64).put("vcpus", 1).put("disk", 1)));
        assertThat(flavor.status()).as(flavor.body()).isEqualTo(200);
        encryptedFlavor = flavor.json().getJsonObject("flavor").getString("id");
        Api.Response specs = admin.post("/v2.1/flavors/" + encryptedFlavor + "/os-extra_specs", new JsonObject()
                .put("extra_specs", new JsonObject().put("hw:ephemeral_encryption", "true")));
        assertThat(specs.status()).as(specs.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    static String boot(String flavor, String image) throws Exception {
        Api.Response r = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                .put("imageRef", image).put("flavorRef", flavor).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response act(Api who, String id, String version, JsonObject body) {
        return who.send("POST", "/v2.1/servers/" + id + "/action", body.encode(),
                Map.of("X-OpenStack-Nova-API-Version", version));
    }

    static JsonObject createImage(String name, Map<String, Object> metadata) {
        JsonObject args = new JsonObject().put("name", name);
        if (!metadata.isEmpty()) {
            args.put("metadata", new JsonObject(metadata));
        }
        return new JsonObject().put("createImage", args);
    }

    static JsonObject backup(String name, String type, Object rotation) {
        return new JsonObject().put("createBackup", new JsonObject().put("name", name).put("backup_type", type)
                .put("rotation", rotation));
    }

    /** Polls the image until it is active (or fails after 30 s). */
    static JsonObject awaitActive(Api who, String imageId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject image = null;
        while (System.nanoTime() < deadline) {
            Api.Response r = who.get("/v2/images/" + imageId);
            if (r.status() == 200) {
                image = r.json();
                if (image.getString("status").equals("active")) {
                    return image;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("image " + imageId + " never became active: " + image);
    }

    static void conflict(Api.Response r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().getJsonObject("conflictingRequest").getString("message")).isEqualTo(message);
    }

    static void badRequest(Api.Response r, String contains) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().getJsonObject("badRequest").getString("message")).contains(contains);
    }

    @Test
    void an_encrypted_servers_snapshot_is_an_encrypted_image_with_novas_properties_and_the_server_is_active_again()
            throws Exception {
        String id = boot(encryptedFlavor, TestServers.CIRROS);

        Api.Response r = act(member, id, "2.45", createImage("snap-1", Map.of("purpose", "test")));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String imageId = r.json().getString("image_id");
        assertThat(r.json().fieldNames()).containsExactly("image_id");
        JsonObject image = awaitActive(member, imageId);
        assertThat(image.getString("name")).isEqualTo("snap-1");
        assertThat(image.getString("disk_format")).isEqualTo("qcow2");
        assertThat(image.getString("container_format")).isEqualTo("bare");
        assertThat(image.getString("visibility")).isEqualTo("private");
        assertThat(image.getString("owner")).isEqualTo(project);
        assertThat(image.getString("image_type")).isEqualTo("snapshot");
        assertThat(image.getString("instance_uuid")).isEqualTo(id);
        assertThat(image.getString("base_image_ref")).isEqualTo(TestServers.CIRROS);
        assertThat(image.getString("user_id")).isNotBlank();
        assertThat(image.getString("purpose")).isEqualTo("test");
        assertThat(image.getInteger("min_disk")).as("the flavor's root disk").isEqualTo(1);
        assertThat(image.getString("checksum")).isNotBlank();
        assertThat(image.getString("os_encrypt_format")).isEqualTo("luks");
        assertThat(image.getString("os_encrypt_key_id")).isNotBlank();
        assertThat(image.getString("os_encrypt_cipher")).isEqualTo("aes-xts-plain64");
        JsonObject shown = member.awaitStatus(id, "ACTIVE");
        assertThat(shown.getValue("OS-EXT-STS:task_state")).isNull();
        JsonArray actions = member.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                .getJsonArray("instanceActions");
        assertThat(actions.getJsonObject(0).getString("action")).isEqualTo("createImage");
        // Nova's image proxy finds it by the server's href, as Tempest's filter tests ask
        JsonArray byServer = member.get("/v2.1/images?server=" + java.net.URLEncoder.encode(server.baseUrl()
                + "/v2.1/servers/" + id, java.nio.charset.StandardCharsets.UTF_8)).json().getJsonArray("images");
        assertThat(byServer).singleElement().satisfies(i -> assertThat(((JsonObject) i).getString("id"))
                .isEqualTo(imageId));
        assertThat(member.delete("/v2.1/images/").status()).as("a blank image id").isEqualTo(404);

        // a server booted from it runs the guest: its disk made from the encrypted image with the image's key
        String second = boot("1", imageId);
        String console = member.post("/v2.1/servers/" + second + "/action",
                new JsonObject().put("os-getConsoleOutput", new JsonObject())).json().getString("output");
        assertThat(console).contains(FixtureGuest.BANNER.strip());
    }

    @Test
    void before_2_45_the_answer_has_the_images_location_and_no_body_and_a_plain_disk_gives_a_plain_image()
            throws Exception {
        String id = boot("1", TestServers.CIRROS);

        Api.Response r = act(member, id, "2.44", createImage("plain", Map.of()));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        String location = r.header("Location");
        assertThat(location).matches(".*/images/[0-9a-f-]{36}");
        JsonObject image = awaitActive(member, location.substring(location.lastIndexOf('/') + 1));
        assertThat(image.containsKey("os_encrypt_key_id")).isFalse();
        assertThat(image.getString("disk_format")).isEqualTo("qcow2");
    }

    @Test
    void an_admins_snapshot_of_a_members_server_is_shared_with_the_servers_project() throws Exception {
        String id = boot("1", TestServers.CIRROS);

        String imageId = act(admin, id, "2.45", createImage("by-admin", Map.of())).json().getString("image_id");

        JsonObject image = awaitActive(admin, imageId);
        assertThat(image.getString("visibility")).isEqualTo("shared");
        assertThat(image.getString("instance_owner")).isEqualTo(project);
        assertThat(admin.get("/v2/images/" + imageId + "/members").json().getJsonArray("members"))
                .singleElement().satisfies(m -> assertThat(((JsonObject) m).getString("member_id")).isEqualTo(project));
    }

    @Test
    void a_paused_server_stays_paused_and_a_stopped_one_stopped() throws Exception {
        String paused = boot("1", TestServers.CIRROS);
        assertThat(act(member, paused, "2.1", new JsonObject().putNull("pause")).status()).isEqualTo(202);
        member.awaitStatus(paused, "PAUSED");
        String stopped = boot("1", TestServers.CIRROS);
        assertThat(act(member, stopped, "2.1", new JsonObject().putNull("os-stop")).status()).isEqualTo(202);
        member.awaitStatus(stopped, "SHUTOFF");

        String a = act(member, paused, "2.45", createImage("p", Map.of())).json().getString("image_id");
        String b = act(member, stopped, "2.45", createImage("s", Map.of())).json().getString("image_id");

        awaitActive(member, a);
        awaitActive(member, b);
        member.awaitStatus(paused, "PAUSED");
        member.awaitStatus(stopped, "SHUTOFF");
    }

    @Test
    void novas_refusals_bad_bodies_policy_state_and_quota() throws Exception {
        String id = boot("1", TestServers.CIRROS);
        badRequest(act(member, id, "2.45", new JsonObject().put("createImage", new JsonObject())),
                "'name' is a required property");
        badRequest(act(member, id, "2.45", new JsonObject().put("createImage", new JsonObject().put("name", "x")
                .put("color", "red"))), "Additional properties are not allowed ('color' was unexpected)");
        badRequest(act(member, id, "2.45", backup("b", "daily", -1)), "-1 is less than the minimum of 0");
        badRequest(act(member, id, "2.45", new JsonObject().put("createBackup", new JsonObject().put("name", "b")
                .put("rotation", 1))), "'backup_type' is a required property");
        assertThat(act(reader, id, "2.45", createImage("r", Map.of())).status()).isEqualTo(403);
        assertThat(act(outsider, id, "2.45", createImage("o", Map.of())).status()).isEqualTo(404);

        admin.send("PUT", "/v2.1/os-quota-sets/" + project, new JsonObject().put("quota_set", new JsonObject()
                .put("metadata_items", 1)).encode(), Map.of());
        Api.Response over = act(member, id, "2.38", createImage("q", Map.of("a", "1", "b", "2")));
        assertThat(over.status()).as(over.body()).isEqualTo(403);
        assertThat(over.body()).contains("Image metadata limit exceeded");
        Api.Response unchecked = act(member, id, "2.39", createImage("q", Map.of("a", "1", "b", "2")));
        assertThat(unchecked.status()).as("no quota check from 2.39 on").isEqualTo(202);
        String location = unchecked.header("Location");
        awaitActive(member, location.substring(location.lastIndexOf('/') + 1));
        admin.send("PUT", "/v2.1/os-quota-sets/" + project, new JsonObject().put("quota_set", new JsonObject()
                .put("metadata_items", 128)).encode(), Map.of());

        // a locked server is snapshotted, as in Nova (the lock guards changes and deletes only)
        assertThat(act(member, id, "2.1", new JsonObject().putNull("lock")).status()).isEqualTo(202);
        Api.Response locked = act(member, id, "2.45", createImage("locked", Map.of()));
        assertThat(locked.status()).as(locked.body()).isEqualTo(202);
        awaitActive(member, locked.json().getString("image_id"));
        member.awaitStatus(id, "ACTIVE");
        assertThat(act(member, id, "2.1", new JsonObject().putNull("unlock")).status()).isEqualTo(202);

        assertThat(act(admin, id, "2.1", new JsonObject().put("os-resetState", new JsonObject()
                .put("state", "error"))).status()).isEqualTo(202);
        int imagesBefore = images().size();
        conflict(act(member, id, "2.45", createImage("e", Map.of())),
                "Cannot 'createImage' instance " + id + " while it is in vm_state error");
        conflict(act(member, id, "2.45", backup("e", "daily", 1)),
                "Cannot 'createBackup' instance " + id + " while it is in vm_state error");
        assertThat(images()).as("no image made for a refused request").hasSize(imagesBefore);
    }

    @Test
    void backups_rotate_out_the_oldest_of_their_type_and_rotation_zero_keeps_none() throws Exception {
        String id = boot("1", TestServers.CIRROS);
        for (int i = 1; i <= 3; i++) {
            Api.Response r = act(member, id, "2.45", backup("daily-" + i, "daily", 2));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            awaitActive(member, r.json().getString("image_id"));
            member.awaitStatus(id, "ACTIVE");
            server.awaitIdle();
        }
        Api.Response weekly = act(member, id, "2.45", backup("weekly-1", "weekly", 1));
        JsonObject w = awaitActive(member, weekly.json().getString("image_id"));
        assertThat(w.getString("image_type")).isEqualTo("backup");
        assertThat(w.getString("backup_type")).isEqualTo("weekly");
        server.awaitIdle();

        assertThat(backupNames(id)).containsExactlyInAnyOrder("daily-2", "daily-3", "weekly-1");

        Api.Response none = act(member, id, "2.44", backup("zero", "daily", 0));
        assertThat(none.status()).as(none.body()).isEqualTo(202);
        assertThat(none.header("Location")).as("rotation 0: nothing to locate").isNull();
        member.awaitStatus(id, "ACTIVE");
        server.awaitIdle();
        assertThat(backupNames(id)).containsExactly("weekly-1");
    }

    private static List<JsonObject> images() {
        return admin.get("/v2/images").json().getJsonArray("images").stream().map(JsonObject.class::cast).toList();
    }

    private static List<String> backupNames(String server) {
        return images().stream().filter(i -> server.equals(i.getString("instance_uuid")))
                .filter(i -> "backup".equals(i.getString("image_type"))).map(i -> i.getString("name")).toList();
    }
}
