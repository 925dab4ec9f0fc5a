package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.Database;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TaskStateRace;
import org.novalab.api.testing.TestServers;

/**
 * An instance runs one action at a time, decided by the database: an action starts only by setting its task state
 * where there was none (Nova's {@code expected_task_state}), so of two concurrent requests, threads or processes
 * one wins and the other gets Nova's 409.
 */
class GuardedTaskStateTest {
    @TempDir
    Path state;

    private static JsonObject server(String name) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("imageRef", TestServers.CIRROS)
                .put("flavorRef", "1").put("networks", "none"));
    }

    @Test
    void of_two_concurrent_power_actions_on_one_server_one_wins_and_the_other_gets_409() throws Exception {
        FakeCompute compute = new FakeCompute();
        try (NovalabServer server = TestServers.start(TestServers.config(state), compute)) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = admin.post("/v2.1/servers", server("contested")).json().getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
            compute.actionGate = new CountDownLatch(1); // the winner's action stays in progress until both answered

            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService clients = Executors.newFixedThreadPool(2);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (String body : List.of("{\"os-stop\": null}", "{\"reboot\": {\"type\": \"HARD\"}}")) {
                answers.add(clients.submit(() -> {
                    together.await();
                    return admin.post("/v2.1/servers/" + id + "/action", body);
                }));
            }
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> a : answers) {
                responses.add(a.get());
            }
            clients.shutdown();
            compute.actionGate.countDown();

            assertThat(responses).extracting(Api.Response::status).containsExactlyInAnyOrder(202, 409);
            Api.Response lost = responses.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
            assertThat(lost.json().getJsonObject("conflictingRequest").getString("message"))
                    .contains("instance " + id, "while it is in task_state");
            server.awaitIdle();
            JsonObject after = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
            assertThat(after.getString("OS-EXT-STS:task_state")).isNull();
            assertThat(after.getString("status")).isIn("SHUTOFF", "ACTIVE");
        }
    }

    @Test
    void two_processes_sharing_the_database_never_both_start_an_action_on_one_instance() throws Exception {
        // the server creates the schema and an instance; then two more "processes" (session factories of their
        // own on the same database) race for its task state, eight threads each
        String id;
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", server("raced")).json().getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
        }
        UUID instance = UUID.fromString(id);
        try (Database one = Database.open(TestServers.config(state).database(), NovalabServer.ENTITIES, 10);
             Database two = Database.open(TestServers.config(state).database(), NovalabServer.ENTITIES, 10)) {
            List<HibernateInstanceStore.Refusal> results = TaskStateRace.run(one, two, instance);
            assertThat(results).filteredOn(r -> r == HibernateInstanceStore.Refusal.NONE).hasSize(1);
            assertThat(results).filteredOn(r -> r != HibernateInstanceStore.Refusal.NONE)
                    .containsOnly(HibernateInstanceStore.Refusal.BUSY);
            assertThat(new HibernateInstanceStore(one, Clock.systemUTC()).find(instance).orElseThrow().taskState())
                    .isIn("rebooting", "powering-off");
        }
    }

    @Test
    void a_build_whose_server_is_deleted_meanwhile_is_torn_down_and_never_comes_back_active() throws Exception {
        FakeCompute compute = new FakeCompute();
        compute.gate = new CountDownLatch(1);
        try (NovalabServer server = TestServers.start(TestServers.config(state), compute)) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = admin.post("/v2.1/servers", server("short-lived")).json().getJsonObject("server")
                    .getString("id");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"spawning".equals(admin.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
            assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")).isEqualTo("deleting");
            assertThat(admin.send("POST", "/v2.1/servers/" + id + "/action", "{\"os-stop\": null}", Map.of())
                    .status()).as("nothing else starts while it is deleted").isEqualTo(409);
            compute.gate.countDown();
            admin.awaitGone(id);
            server.awaitIdle();
            assertThat(compute.domains).doesNotContainKey(UUID.fromString(id));
            assertThat(compute.running).doesNotContain(UUID.fromString(id));
        }
    }

    @Test
    void work_a_full_compute_queue_cannot_take_leaves_nothing_half_started() throws Exception {
        FakeCompute compute = new FakeCompute();
        try (NovalabServer server = TestServers.start(TestServers.config(state).withBuildPool(1, 1), compute)) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String running = admin.post("/v2.1/servers", server("running")).json().getJsonObject("server")
                    .getString("id");
            admin.awaitStatus(running, "ACTIVE");
            compute.gate = new CountDownLatch(1);
            String busy = admin.post("/v2.1/servers", server("holds-the-worker")).json().getJsonObject("server")
                    .getString("id");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"spawning".equals(admin.get("/v2.1/servers/" + busy).json().getJsonObject("server")
                    .getString("OS-EXT-STS:task_state")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String queued = admin.post("/v2.1/servers", server("fills-the-queue")).json().getJsonObject("server")
                    .getString("id");

            Api.Response stop = admin.post("/v2.1/servers/" + running + "/action", "{\"os-stop\": null}");
            assertThat(stop.status()).isEqualTo(503);
            assertThat(stop.body()).contains("at capacity");
            JsonObject untouched = admin.get("/v2.1/servers/" + running).json().getJsonObject("server");
            assertThat(untouched.getString("OS-EXT-STS:task_state")).as("the task state given back").isNull();
            assertThat(untouched.getString("status")).isEqualTo("ACTIVE");

            String refused = admin.post("/v2.1/servers", server("refused")).json().getJsonObject("server")
                    .getString("id");
            JsonObject error = admin.awaitStatus(refused, "ERROR");
            assertThat(error.getJsonObject("fault").getInteger("code")).isEqualTo(503);
            assertThat(error.getString("OS-EXT-STS:task_state")).isNull();

            compute.gate.countDown();
            admin.awaitStatus(busy, "ACTIVE");
            admin.awaitStatus(queued, "ACTIVE");
            assertThat(admin.post("/v2.1/servers/" + running + "/action", "{\"os-stop\": null}").status())
                    .as("once there is room again").isEqualTo(202);
            admin.awaitStatus(running, "SHUTOFF");
        }
    }
}
