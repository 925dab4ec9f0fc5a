package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.state.PowerState;
import org.novalab.keys.SecretOwner;

/**
 * A build that fails on the host the scheduler chose goes on to the next alternate with room (Nova's reschedule,
 * {@code [scheduler] max_attempts}): the server is ACTIVE there with its LUKS key, the failed host keeps nothing of
 * it, and the instance action tells both attempts; with every alternate failing the server is ERROR with Nova's
 * MaxRetriesExceeded fault.
 */
class ServerBuildRetryApiTest {
    static final String A = TwoComputeHosts.A;
    static final String B = TwoComputeHosts.B;
    @TempDir
    static Path state;
    static NovalabServer server;
    static TwoComputeHosts hosts;
    static Api admin;
    static String luks;

    @BeforeAll
    static void start() throws Exception {
        hosts = new TwoComputeHosts(state);
        server = hosts.start();
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        luks = ServerMoveApiTest.luksFlavor(admin, "retry-luks");
    }

    @AfterAll
    static void stop() {
        server.close();
        hosts.close();
    }

    @AfterEach
    void clean() throws Exception {
        hosts.failNextSpawns(0);
        TestServers.deleteEveryServer(server, admin);
    }

    @Test
    void a_build_its_host_cannot_spawn_goes_on_to_the_other_host_and_is_active_there_with_its_key() throws Exception {
        hosts.failNextSpawns(1);

        String id = create();
        JsonObject shown = admin.awaitStatus(id, "ACTIVE");
        server.awaitIdle();

        String failed = hosts.failedSpawns().get(0);
        String other = TwoComputeHosts.other(failed);
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as("built on the alternate").isEqualTo(other);
        assertThat(hosts.host(other).hypervisor().lookup(UUID.fromString(id))).as("running there")
                .hasValueSatisfying(d -> assertThat(d.state()).isEqualTo(PowerState.RUNNING));
        assertThat(hosts.keys().list(SecretOwner.rootDisk(UUID.fromString(id)))).as("one key for its disk")
                .hasSize(1);
        assertNothingOf(id, failed);
        assertThat(admin.get("/v2.1/servers/" + id).json().getJsonObject("server").containsKey("fault"))
                .as("no fault: the retry built it").isFalse();

        assertThat(buildEvents(id)).extracting(e -> ((JsonObject) e).getString("host") + " "
                + ((JsonObject) e).getString("result")).as("each attempt, where and how it ended")
                .containsExactlyInAnyOrder(failed + " Error", other + " Success");
    }

    @Test
    void a_build_that_fails_on_every_host_is_ERROR_with_nova_s_fault_and_leaves_nothing_on_either()
            throws Exception {
        hosts.failNextSpawns(2);

        String id = create();
        JsonObject shown = admin.awaitStatus(id, "ERROR");
        server.awaitIdle();

        assertThat(hosts.failedSpawns()).as("tried once on each host").containsExactlyInAnyOrder(A, B);
        assertThat(shown.getJsonObject("fault").getString("message")).isEqualTo("Exceeded maximum number of "
                + "retries. Exhausted all hosts available for retrying build failures for instance " + id + ".");
        assertThat(shown.getString("OS-EXT-STS:task_state")).isNull();
        for (String h : List.of(A, B)) {
            assertNothingOf(id, h);
        }
        assertThat(buildEvents(id)).hasSize(2).allSatisfy(e ->
                assertThat(((JsonObject) e).getString("result")).isEqualTo("Error"));
    }

    @Test
    void with_max_attempts_1_a_build_is_not_retried_and_keeps_its_host_s_reason(@TempDir Path other)
            throws Exception {
        TwoComputeHosts once = new TwoComputeHosts(other);
        try (NovalabServer single = once.start(c -> c.withScheduling(new ServerConfig.Scheduling(64.0, 16.0, 4.0,
                1)))) {
            Api who = Api.login(single.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            once.failNextSpawns(1);
            Api.Response r = who.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                    .put("name", "once").put("imageRef", TestServers.CIRROS)
                    .put("flavorRef", ServerMoveApiTest.luksFlavor(who, "once-luks")).put("networks", "none")));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            JsonObject shown = who.awaitStatus(r.json().getJsonObject("server").getString("id"), "ERROR");
            assertThat(once.failedSpawns()).hasSize(1);
            assertThat(shown.getJsonObject("fault").getString("message")).contains("libvirt refused the domain");
        } finally {
            once.close();
        }
    }

    static String create() {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "r")
                .put("imageRef", TestServers.CIRROS).put("flavorRef", luks).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }

    static void assertNothingOf(String id, String host) throws Exception {
        try (var left = Files.list(hosts.instancesOf(host))) {
            assertThat(left.map(p -> p.getFileName().toString())).as("nothing of it on " + host)
                    .noneMatch(n -> n.startsWith(id));
        }
        assertThat(hosts.host(host).hypervisor().lookup(UUID.fromString(id))).as("no domain on " + host).isEmpty();
    }

    static JsonArray buildEvents(String id) {
        JsonObject action = admin.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                .getJsonArray("instanceActions").getJsonObject(0);
        assertThat(action.getString("action")).isEqualTo("create");
        JsonArray events = admin.send("GET", "/v2.1/servers/" + id + "/os-instance-actions/"
                        + action.getString("request_id"), null, Map.of("OpenStack-API-Version", "compute 2.62"))
                .json().getJsonObject("instanceAction").getJsonArray("events");
        JsonArray builds = new JsonArray();
        events.stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("event").equals("compute__do_build_and_run_instance")).forEach(builds::add);
        return builds;
    }
}
