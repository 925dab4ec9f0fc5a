package org.novalab.api.compute.shelve;

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

/**
 * shelve, shelveOffload and unshelve as Nova answers them, on the real libvirt driver (test driver) and the server's
 * own image service: an encrypted server shelved is offloaded at once (no host, no instance directory) with an
 * encrypted shelve image, unshelved it is active again on its host and the image is gone; a delete of an offloaded
 * server deletes its image; Nova's policies, lock and state checks.
 */
class ShelveApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;
    static Api reader;
    static String encryptedFlavor;

    @BeforeAll
    static void start() throws Exception {
        Path node = Files.writeString(state.resolve("test-node.xml"), "<node/>\n");
        server = NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node),
                new LibvirtComputeServices());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String project = users.project("sage");
        users.user("sam", project, "member");
        users.user("sue", project, "reader");
        member = Api.login(server.baseUrl(), "sam", "pw-sam", "sage");
        reader = Api.login(server.baseUrl(), "sue", "pw-sue", "sage");
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

    @Test
    void an_encrypted_server_is_shelved_offloaded_and_unshelved_from_its_encrypted_shelve_image() throws Exception {
        String id = boot();
        assertThat(state.resolve(id)).as("its instance directory").isDirectory();

        assertThat(act(member, id, "2.1", new JsonObject().putNull("shelve")).status()).isEqualTo(202);

        JsonObject offloaded = admin.awaitStatus(id, "SHELVED_OFFLOADED");
        assertThat(offloaded.getString("OS-EXT-STS:vm_state")).isEqualTo("shelved_offloaded");
        assertThat(offloaded.getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(offloaded.getValue("OS-EXT-SRV-ATTR:host")).as("no host once offloaded").isNull();
        assertThat(offloaded.getString("hostId")).isEmpty();
        assertThat(state.resolve(id)).as("the disk is gone from the host").doesNotExist();
        JsonObject image = shelveImage(id);
        assertThat(image.getString("name")).isEqualTo("s-shelved");
        assertThat(image.getString("status")).isEqualTo("active");
        assertThat(image.getString("image_type")).isEqualTo("snapshot");
        assertThat(image.getString("instance_uuid")).isEqualTo(id);
        assertThat(image.getString("os_encrypt_format")).isEqualTo("luks");
        assertThat(events(id, "shelve")).containsExactly("compute_shelve_instance");

        assertThat(act(member, id, "2.1", new JsonObject().putNull("unshelve")).status()).isEqualTo(202);

        JsonObject active = admin.awaitStatus(id, "ACTIVE");
        assertThat(active.getValue("OS-EXT-STS:task_state")).isNull();
        assertThat(active.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(TestServers.HOST);
        assertThat(state.resolve(id).resolve("disk")).exists();
        server.awaitIdle();
        assertThat(member.get("/v2/images/" + image.getString("id")).status()).as("the shelve image is deleted")
                .isEqualTo(404);
        assertThat(events(id, "unshelve")).containsExactly("compute_unshelve_instance");
        assertThat(admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + requestOf(id, "unshelve")).json()
                .getJsonObject("instanceAction").getJsonArray("events").getJsonObject(0).getString("result"))
                .isEqualTo("Success");
        String console = member.post("/v2.1/servers/" + id + "/action",
                new JsonObject().put("os-getConsoleOutput", new JsonObject())).json().getString("output");
        assertThat(console).as("the unshelved guest booted").contains("cirros");
    }

    @Test
    void deleting_an_offloaded_server_deletes_its_shelve_image() throws Exception {
        String id = boot();
        act(member, id, "2.1", new JsonObject().putNull("shelve"));
        member.awaitStatus(id, "SHELVED_OFFLOADED");
        String imageId = shelveImage(id).getString("id");

        assertThat(member.delete("/v2.1/servers/" + id).status()).isEqualTo(204);

        member.awaitGone(id);
        assertThat(member.get("/v2/images/" + imageId).status()).isEqualTo(404);
    }

    @Test
    void novas_policies_lock_and_state_checks() throws Exception {
        String id = boot();
        assertThat(act(reader, id, "2.1", new JsonObject().putNull("shelve")).status()).isEqualTo(403);
        conflict(act(member, id, "2.1", new JsonObject().putNull("unshelve")),
                "Cannot 'unshelve' instance " + id + " while it is in vm_state active");
        conflict(act(admin, id, "2.1", new JsonObject().putNull("shelveOffload")),
                "Cannot 'shelveOffload' instance " + id + " while it is in vm_state active");
        assertThat(act(member, id, "2.1", new JsonObject().putNull("lock")).status()).isEqualTo(202);
        assertThat(act(member, id, "2.1", new JsonObject().putNull("shelve")).status()).isEqualTo(409);
        assertThat(act(member, id, "2.1", new JsonObject().putNull("unlock")).status()).isEqualTo(202);
        assertThat(act(member, id, "2.1", new JsonObject().putNull("shelve")).status()).isEqualTo(202);
        member.awaitStatus(id, "SHELVED_OFFLOADED");
        assertThat(act(member, id, "2.1", new JsonObject().putNull("shelveOffload")).status())
                .as("shelveOffload is admin only").isEqualTo(403);
        Api.Response zoneTooEarly = act(member, id, "2.76", new JsonObject().put("unshelve",
                new JsonObject().put("availability_zone", "nova")));
        assertThat(zoneTooEarly.status()).as(zoneTooEarly.body()).isEqualTo(400);
        Api.Response unknownZone = act(member, id, "2.77", new JsonObject().put("unshelve",
                new JsonObject().put("availability_zone", "nowhere")));
        assertThat(unknownZone.status()).as(unknownZone.body()).isEqualTo(400);
        assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("status"))
                .isEqualTo("SHELVED_OFFLOADED");
    }

    private static String boot() throws Exception {
        Api.Response r = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "s")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", encryptedFlavor).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    private static Api.Response act(Api who, String id, String version, JsonObject body) {
        return who.send("POST", "/v2.1/servers/" + id + "/action", body.encode(),
                Map.of("X-OpenStack-Nova-API-Version", version));
    }

    /** The image named {@code <name>-shelved} of the server, waited for until it is active. */
    private static JsonObject shelveImage(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Object o : admin.get("/v2/images?name=s-shelved").json().getJsonArray("images")) {
                JsonObject image = (JsonObject) o;
                if (id.equals(image.getString("instance_uuid")) && "active".equals(image.getString("status"))) {
                    return image;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no active shelve image of " + id);
    }

    private static String requestOf(String id, String action) {
        for (Object o : member.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                .getJsonArray("instanceActions")) {
            JsonObject a = (JsonObject) o;
            if (a.getString("action").equals(action)) {
                return a.getString("request_id");
            }
        }
        throw new AssertionError("no " + action + " action of " + id);
    }

    /** The events of the server's action (admins see them). */
    private static List<String> events(String id, String action) {
        JsonArray events = admin.get("/v2.1/servers/" + id + "/os-instance-actions/" + requestOf(id, action))
                .json().getJsonObject("instanceAction").getJsonArray("events");
        return events.stream().map(e -> ((JsonObject) e).getString("event")).toList();
    }

    private static void conflict(Api.Response r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().getJsonObject("conflictingRequest").getString("message")).isEqualTo(message);
    }
}
