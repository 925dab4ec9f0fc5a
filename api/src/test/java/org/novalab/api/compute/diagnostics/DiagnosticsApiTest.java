package org.novalab.api.compute.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * {@code GET /servers/{id}/diagnostics}: for admins, what the host reads of the running domain, libvirt's free-form
 * dict before 2.48 and Nova's standard format from it; a stopped guest is a 409.
 */
class DiagnosticsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("dee", users.project("dune"), "member");
        member = Api.login(server.baseUrl(), "dee", "pw-dee", "dune");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String active() throws Exception {
        String id = member.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "d")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                .getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        return id;
    }

    static Api.Response diagnostics(Api who, String id, String microversion) {
        return who.send("GET", "/v2.1/servers/" + id + "/diagnostics", null,
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    @Test
    void before_2_48_it_is_libvirts_dict_and_from_2_48_novas_standard_format() throws Exception {
        String id = active();

        JsonObject legacy = diagnostics(admin, id, "2.47").json();
        assertThat(legacy.getLong("memory")).as("KiB, as libvirt's maxMemory").isEqualTo(512 * 1024L);
        assertThat(legacy.fieldNames()).contains("cpu0_time", "vda_read_req", "vda_read", "vda_write_req", "vda_write",
                "vda_errors");

        JsonObject standard = diagnostics(admin, id, "2.48").json();
        assertThat(standard.getString("state")).isEqualTo("running");
        assertThat(standard.getString("driver")).isEqualTo("libvirt");
        assertThat(standard.getString("hypervisor")).isEqualTo("qemu");
        assertThat(standard.getString("hypervisor_os")).isEqualTo("linux");
        assertThat(standard.getInteger("uptime")).isNotNegative();
        assertThat(standard.getBoolean("config_drive")).isFalse();
        assertThat(standard.getInteger("num_cpus")).isEqualTo(1);
        assertThat(standard.getInteger("num_disks")).isEqualTo(1);
        assertThat(standard.getInteger("num_nics")).isZero();
        assertThat(standard.getJsonObject("memory_details").getMap()).containsExactly(Map.entry("maximum", 512),
                Map.entry("used", 512));
        assertThat(standard.getJsonArray("cpu_details").getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("id", "time", "utilisation");
        assertThat(standard.getJsonArray("disk_details").getJsonObject(0).fieldNames()).containsExactlyInAnyOrder(
                "read_bytes", "read_requests", "write_bytes", "write_requests", "errors_count");
    }

    @Test
    void only_admins_see_them_and_only_of_a_running_guest() throws Exception {
        String id = active();
        Api.Response forbidden = diagnostics(member, id, "2.48");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().getJsonObject("forbidden").getString("message"))
                .isEqualTo("Policy doesn't allow os_compute_api:os-server-diagnostics to be performed.");

        member.post("/v2.1/servers/" + id + "/action", new JsonObject().putNull("os-stop"));
        member.awaitStatus(id, "SHUTOFF");
        Api.Response stopped = diagnostics(admin, id, "2.48");
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.json().getJsonObject("conflictingRequest").getString("message"))
                .isEqualTo("Cannot 'get_diagnostics' instance " + id + " while it is in power state shutdown");
        String missing = java.util.UUID.randomUUID().toString();
        assertThat(diagnostics(admin, missing, "2.48").status()).isEqualTo(404);
    }
}
