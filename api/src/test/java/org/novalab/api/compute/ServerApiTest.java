package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.BackendKind;
import org.novalab.compute.SpawnRequest;

class ServerApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static String cirros = TestServers.CIRROS;
    static String big;
    static String broken;
    Api admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        // the burst below boots 64 servers: more than Nova's default quota, as an operator would allow for a load test
        new org.novalab.api.testing.Users(admin).unlimitedServers("demo");
        Path qcow2 = state.resolve("big.qcow2");
        org.novalab.disk.Disks.java().create(qcow2, org.novalab.disk.CreateOptions.qcow2(2L << 30));
        big = TestServers.uploadImage(admin, "big", "qcow2", java.nio.file.Files.readAllBytes(qcow2), Map.of());
        broken = TestServers.uploadImage(admin, "broken", "raw", new byte[512], Map.of("fail_boot", "yes"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void login() throws Exception {
        server.awaitIdle();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        for (Object o : admin.get("/v2.1/servers").json().getJsonArray("servers")) {
            admin.delete("/v2.1/servers/" + ((JsonObject) o).getString("id"));
        }
        server.awaitIdle();
    }

    private static JsonObject serverBody(String name, String image, String flavor) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("imageRef", image)
                .put("flavorRef", flavor).put("networks", "none"));
    }

    private Api.Response create(JsonObject body) {
        return admin.send("POST", "/v2.1/servers", body.encode(), Map.of("OpenStack-API-Version", "compute 2.79"));
    }

    @Test
    void a_server_goes_from_build_to_active_and_shows_what_clients_read() throws Exception {
        Api.Response created = create(serverBody("vm1", cirros, "1")
                .put("server", serverBody("vm1", cirros, "1").getJsonObject("server")
                        .put("metadata", new JsonObject().put("purpose", "test"))));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        assertThat(created.header("OpenStack-API-Version")).isEqualTo("compute 2.79");
        String id = created.json().getJsonObject("server").getString("id");

        JsonObject vm = admin.awaitStatus(id, "ACTIVE");
        assertThat(vm.getString("name")).isEqualTo("vm1");
        assertThat(vm.getString("OS-EXT-STS:vm_state")).isEqualTo("active");
        assertThat(vm.getInteger("OS-EXT-STS:power_state")).isEqualTo(1);
        assertThat(vm.getJsonObject("image").getString("id")).isEqualTo(cirros);
        assertThat(vm.getJsonObject("metadata").getString("purpose")).isEqualTo("test");
        assertThat(vm.getString("OS-EXT-SRV-ATTR:instance_name")).matches("instance-[0-9a-f]{8}");
        assertThat(vm.getString("OS-EXT-SRV-ATTR:host")).isEqualTo("novalab-host");
        assertThat(vm.getJsonObject("addresses").isEmpty()).isTrue();
        assertThat(vm.getString("tenant_id")).isNotBlank();
        assertThat(compute.running).contains(UUID.fromString(id));

        // as Nova's _tail_log: the last 2 pieces between newlines of "SeaBIOS\n<banner>\n" are the banner's line
        // and the empty one after it, so the answer splits into exactly 2 lines
        Api.Response console = admin.post("/v2.1/servers/" + id + "/action",
                new JsonObject().put("os-getConsoleOutput", new JsonObject().put("length", 2)));
        assertThat(console.json().getString("output")).isEqualTo(FakeCompute.BANNER);
        assertThat(console.json().getString("output").split("\n", -1)).hasSize(2);
    }

    @Test
    void the_flavor_is_embedded_from_microversion_2_47_and_linked_before() throws Exception {
        String id = create(serverBody("vm-flavor", cirros, "101")).json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        JsonObject v279 = admin.send("GET", "/v2.1/servers/" + id, null, Map.of("OpenStack-API-Version", "compute 2.79"))
                .json().getJsonObject("server").getJsonObject("flavor");
        assertThat(v279.getString("original_name")).isEqualTo("m1.tiny.luks");
        assertThat(v279.getJsonObject("extra_specs").getString("hw:ephemeral_encryption_format")).isEqualTo("luks");
        JsonObject v21 = admin.get("/v2.1/servers/" + id).json().getJsonObject("server").getJsonObject("flavor");
        assertThat(v21.getString("id")).isEqualTo("101");
        assertThat(compute.domains.get(UUID.fromString(id)).flavor().extraSpecs())
                .containsEntry("hw:ephemeral_encryption", "true");
    }

    @Test
    void an_unexpected_failure_is_a_generic_compute_fault_without_internals() throws Exception {
        String id = create(serverBody("vm-fault", cirros, "1")).json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        compute.consoleFailure = new IllegalStateException("disk /var/lib/secret-path exploded");
        try {
            Api.Response r = admin.post("/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().getJsonObject("computeFault").getString("message"))
                    .contains("erred").doesNotContain("secret-path").doesNotContain("Exception");
        } finally {
            compute.consoleFailure = null;
        }
    }

    @Test
    void an_unsupported_microversion_is_refused_with_406() {
        Api.Response r = admin.send("GET", "/v2.1/servers", null, Map.of("OpenStack-API-Version", "compute 2.200"));
        assertThat(r.status()).isEqualTo(406);
        assertThat(r.json().getJsonObject("notAcceptable").getString("message")).contains("maximum is 2.90");
    }

    @Test
    void stop_start_and_reboot_change_the_status_and_conflicting_actions_get_409() throws Exception {
        String id = create(serverBody("vm-power", cirros, "1")).json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        String action = "/v2.1/servers/" + id + "/action";

        assertThat(admin.post(action, "{\"os-stop\": null}").status()).isEqualTo(202);
        JsonObject stopped = admin.awaitStatus(id, "SHUTOFF");
        assertThat(stopped.getInteger("OS-EXT-STS:power_state")).isEqualTo(4);
        assertThat(compute.running).doesNotContain(UUID.fromString(id));

        Api.Response again = admin.post(action, "{\"os-stop\": null}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getJsonObject("conflictingRequest").getString("message")).contains("vm_state stopped");

        assertThat(admin.post(action, "{\"os-start\": null}").status()).isEqualTo(202);
        admin.awaitStatus(id, "ACTIVE");
        assertThat(admin.post(action, "{\"reboot\": {\"type\": \"SOFT\"}}").status()).isEqualTo(202);
        admin.awaitStatus(id, "ACTIVE");
        assertThat(compute.running).contains(UUID.fromString(id));
    }

    @Test
    void delete_answers_204_and_the_server_disappears_with_its_domain() throws Exception {
        String id = create(serverBody("vm-del", cirros, "1")).json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        admin.awaitGone(id);
        assertThat(compute.domains).doesNotContainKey(UUID.fromString(id));
        Api.Response gone = admin.get("/v2.1/servers/" + id);
        assertThat(gone.json().getJsonObject("itemNotFound").getInteger("code")).isEqualTo(404);
    }

    @Test
    void a_failed_boot_ends_in_error_with_a_fault() throws Exception {
        String id = create(serverBody("vm-bad", broken, "1")).json().getJsonObject("server").getString("id");
        JsonObject vm = admin.awaitStatus(id, "ERROR");
        assertThat(vm.getJsonObject("fault").getString("message")).contains("no bootable disk");
        assertThat(vm.getJsonObject("fault").getInteger("code")).isEqualTo(500);
        assertThat(vm.getJsonObject("fault").getString("created")).endsWith("Z");
        assertThat(admin.get("/metrics").body()).contains("novalab_boot_failures_total{reason=\"illegal_state_exception\"} 1.0");
    }

    @Test
    void bad_requests_get_nova_shaped_400s_and_create_nothing() {
        List<Api.Response> refused = new ArrayList<>();
        refused.add(admin.post("/v2.1/servers", "{not json"));
        refused.add(admin.post("/v2.1/servers", "[1, 2]"));
        refused.add(create(new JsonObject().put("server", new JsonObject().put("name", 42).put("imageRef", cirros)
                .put("flavorRef", "1"))));
        refused.add(create(serverBody("x", cirros, "1").put("server",
                serverBody("x", cirros, "1").getJsonObject("server").put("colour", "blue"))));
        refused.add(create(serverBody("x", UUID.randomUUID().toString(), "1")));
        refused.add(create(serverBody("x", cirros, "nope")));
        refused.add(create(serverBody("x", big, "1")));
        refused.add(create(new JsonObject().put("server", new JsonObject().put("imageRef", cirros).put("flavorRef", "1"))));
        refused.add(create(serverBody("x", cirros, "1").put("server", serverBody("x", cirros, "1")
                .getJsonObject("server").put("networks", new JsonArray().add(new JsonObject().put("uuid", "n"))))));

        for (Api.Response r : refused) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            JsonObject error = r.json().getJsonObject("badRequest");
            assertThat(error.getInteger("code")).isEqualTo(400);
            assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(refused.get(3).json().getJsonObject("badRequest").getString("message")).contains("'colour'");
        assertThat(refused.get(4).json().getJsonObject("badRequest").getString("message")).contains("could not be found");
        assertThat(refused.get(6).json().getJsonObject("badRequest").getString("message")).contains("too small");
        assertThat(admin.get("/v2.1/servers").json().getJsonArray("servers")).isEmpty();
    }

    @Test
    void an_oversized_body_gets_413_and_an_unknown_path_404_in_nova_shape() {
        String huge = "{\"server\": {\"name\": \"" + "x".repeat(2 << 20) + "\"}}";
        Api.Response r = admin.post("/v2.1/servers", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().getJsonObject("overLimit").getInteger("code")).isEqualTo(413);
        Api.Response missing = admin.get("/v2.1/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().containsKey("itemNotFound")).isTrue();
    }

    @Test
    void encryption_with_boot_from_volume_is_refused_before_anything_is_created() {
        JsonObject body = new JsonObject().put("server", new JsonObject().put("name", "bfv").put("flavorRef", "101")
                .put("networks", "none").put("block_device_mapping_v2", new JsonArray().add(new JsonObject()
                        .put("boot_index", 0).put("uuid", cirros).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 1))));
        Api.Response r = create(body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().getJsonObject("badRequest").getString("message")).contains("Rbd");
        assertThat(admin.get("/v2.1/servers").json().getJsonArray("servers")).isEmpty();
    }

    @Test
    void boot_from_volume_uses_the_rbd_backend() throws Exception {
        JsonObject body = new JsonObject().put("server", new JsonObject().put("name", "bfv").put("flavorRef", "1")
                .put("networks", "none").put("block_device_mapping_v2", new JsonArray().add(new JsonObject()
                        .put("boot_index", 0).put("uuid", cirros).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 2))));
        String id = create(body).json().getJsonObject("server").getString("id");
        JsonObject vm = admin.awaitStatus(id, "ACTIVE");
        assertThat(vm.getString("image")).isEmpty();
        SpawnRequest plan = compute.domains.get(UUID.fromString(id));
        assertThat(plan.backend()).isEqualTo(BackendKind.RBD);
        assertThat(plan.flavor().rootGb()).isEqualTo(2);
    }

    @Test
    void lists_page_with_limit_and_marker_and_filter_by_name_and_status() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(serverBody("page-" + i, cirros, "1")).json().getJsonObject("server").getString("id"));
        }
        server.awaitIdle();
        List<String> seen = new ArrayList<>();
        String next = "/v2.1/servers/detail?limit=2";
        int pages = 0;
        while (next != null) {
            JsonObject page = admin.get(next).json();
            page.getJsonArray("servers").forEach(o -> seen.add(((JsonObject) o).getString("id")));
            JsonArray links = page.getJsonArray("servers_links");
            next = links == null ? null : links.getJsonObject(0).getString("href").replace(server.baseUrl(), "");
            pages++;
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);
        assertThat(admin.get("/v2.1/servers?name=page-3").json().getJsonArray("servers")).hasSize(1);
        assertThat(admin.get("/v2.1/servers?status=ACTIVE").json().getJsonArray("servers")).hasSize(5);
        assertThat(admin.get("/v2.1/servers?status=SHUTOFF").json().getJsonArray("servers")).isEmpty();
        assertThat(admin.get("/v2.1/servers?flavor=1&image=" + cirros).json().getJsonArray("servers")).hasSize(5);
        assertThat(admin.get("/v2.1/servers?flavor=2").json().getJsonArray("servers")).isEmpty();
        assertThat(admin.get("/v2.1/servers?marker=" + UUID.randomUUID()).status()).isEqualTo(400);
        assertThat(admin.get("/v2.1/servers?limit=abc").status()).isEqualTo(400);
    }

    @Test
    void a_burst_of_concurrent_creates_is_accepted_in_full_and_every_server_boots() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(64);
        try {
            List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                JsonObject body = serverBody("burst-" + i, cirros, "1");
                answers.add(clients.submit(() -> create(body)));
            }
            for (var answer : answers) {
                Api.Response r = answer.get();
                assertThat(r.status()).as(r.body()).isEqualTo(202);
            }
        } finally {
            clients.shutdown();
        }
        server.awaitIdle();
        JsonArray all = admin.get("/v2.1/servers/detail?name=burst-").json().getJsonArray("servers");
        assertThat(all).hasSize(64);
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("status"))).containsOnly("ACTIVE");
    }

    @Test
    void flavors_list_with_the_encrypted_ones_and_an_admin_sets_extra_specs() {
        JsonArray flavors = admin.get("/v2.1/flavors/detail").json().getJsonArray("flavors");
        assertThat(flavors.stream().map(o -> ((JsonObject) o).getString("name")))
                .contains("m1.tiny", "m1.small", "m1.tiny.luks", "m1.tiny.qcow");
        JsonObject tiny = admin.get("/v2.1/flavors/1").json().getJsonObject("flavor");
        assertThat(tiny.getInteger("ram")).isEqualTo(512);
        assertThat(tiny.getInteger("disk")).isEqualTo(1);

        JsonObject created = admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject()
                .put("name", "m1.enc").put("ram", 256).put("vcpus", 1).put("disk", 1).put("id", "enc")))
                .json().getJsonObject("flavor");
        assertThat(created.getString("id")).isEqualTo("enc");
        Api.Response set = admin.post("/v2.1/flavors/enc/os-extra_specs", new JsonObject().put("extra_specs",
                new JsonObject().put("hw:ephemeral_encryption", "true").put("hw:ephemeral_encryption_format", "luks")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(admin.get("/v2.1/flavors/enc/os-extra_specs").json().getJsonObject("extra_specs")
                .getString("hw:ephemeral_encryption_format")).isEqualTo("luks");
        assertThat(admin.post("/v2.1/flavors/enc/os-extra_specs", new JsonObject().put("extra_specs",
                new JsonObject().put("hw:ephemeral_encryption_format", "rot13"))).status()).isEqualTo(400);
        assertThat(admin.get("/v2.1/flavors/missing").json().getJsonObject("itemNotFound")).isNotNull();
    }
}
