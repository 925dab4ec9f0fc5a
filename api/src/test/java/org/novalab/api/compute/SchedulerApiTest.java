package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * The scheduler fills hosts as Nova's does: up to what each host reported times the allocation ratios (Nova's
 * initial 4.0 for vCPUs here), spreading by free memory, and never past it, even when boots race for the last
 * room: the claim is counted again under the host's compute node lock. The numbers are this machine's, which
 * both compute hosts of the test report.
 */
class SchedulerApiTest {
    static final String A = TestServers.HOST;
    static final String B = "novalab-host-b";
    static final int CPUS = Runtime.getRuntime().availableProcessors();
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state).withScheduling(ServerConfig.Scheduling.NOVA_DEFAULTS),
                new FakeCompute(), List.of(A, B));
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        String project = admin.get("/identity/v3/auth/projects").json().getJsonArray("projects").stream()
                .map(JsonObject.class::cast).filter(p -> p.getString("name").equals("demo")).findFirst()
                .orElseThrow().getString("id");
        Api.Response unlimited = admin.send("PUT", "/v2.1/os-quota-sets/" + project, new JsonObject()
                .put("quota_set", new JsonObject().put("cores", -1).put("instances", -1).put("ram", -1)).encode(),
                Map.of());
        assertThat(unlimited.status()).as(unlimited.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    static String flavor(String name, int vcpus) {
        Api.Response r = admin.post("/v2.1/flavors", new JsonObject().put("flavor", new JsonObject()
                .put("name", name).put("vcpus", vcpus).put("ram", 64).put("disk", 1)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonObject("flavor").getString("id");
    }

    static String boot(String name, String flavor) {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", flavor).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }

    static JsonObject settled(String id) throws InterruptedException {
        return admin.awaitStatus(id, "ACTIVE", "ERROR");
    }

    @Test
    void a_host_takes_vcpus_up_to_four_times_its_cpus_and_then_no_valid_host_is_found() throws Exception {
        String whole = flavor("whole-host", CPUS * 4);
        String tooBig = flavor("past-the-ratio", CPUS * 4 + 1);

        JsonObject refused = settled(boot("too-big", tooBig));
        assertThat(refused.getString("status")).isEqualTo("ERROR");
        assertThat(refused.getJsonObject("fault").getString("message"))
                .isEqualTo("No valid host was found. There are not enough hosts available.");

        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonObject vm = settled(boot("whole-" + i, whole));
            assertThat(vm.getString("status")).as(vm.encodePrettily()).isEqualTo("ACTIVE");
            hosts.add(vm.getString("OS-EXT-SRV-ATTR:host"));
        }
        assertThat(hosts).as("each fills one host").containsExactlyInAnyOrder(A, B);
        assertThat(settled(boot("one-more", flavor("one", 1))).getString("status"))
                .as("both hosts are full").isEqualTo("ERROR");
    }

    @Test
    void servers_spread_over_the_hosts_by_free_memory() throws Exception {
        String one = flavor("spread", 1);
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hosts.add(settled(boot("spread-" + i, one)).getString("OS-EXT-SRV-ATTR:host"));
        }
        assertThat(hosts).as("Nova's RAMWeigher spreads").containsExactlyInAnyOrder(A, B, A, B);
    }

    @Test
    void boots_racing_for_the_last_room_never_overfill_a_host() throws Exception {
        // two fit per host at a ratio of 4: four of ten racing boots get a host, the others NoValidHost
        String half = flavor("half-host", CPUS * 2);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<String>> boots = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                boots.add(pool.submit((Callable<String>) () -> boot("race-" + n, half)));
            }
            List<JsonObject> settled = new ArrayList<>();
            for (Future<String> f : boots) {
                settled.add(settled(f.get()));
            }
            assertThat(settled).filteredOn(vm -> vm.getString("status").equals("ACTIVE"))
                    .extracting(vm -> vm.getString("OS-EXT-SRV-ATTR:host"))
                    .containsExactlyInAnyOrder(A, A, B, B);
            assertThat(settled).filteredOn(vm -> vm.getString("status").equals("ERROR")).hasSize(6)
                    .allSatisfy(vm -> assertThat(vm.getJsonObject("fault").getString("message"))
                            .startsWith("No valid host was found"));
        } finally {
            pool.shutdownNow();
        }
    }
}
