package org.novalab.api.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.NovalabServer;

/**
 * A deployment's hypervisor numbers are each host's own: what the host's compute service reported in its compute
 * node row, read by an api that runs no compute host, and reported again as the host changes.
 */
class ReportedHostResourcesTest {
    @TempDir
    Path tmp;

    static final class Reporter implements HostResources {
        final AtomicReference<Capacity> now = new AtomicReference<>();

        @Override
        public Capacity of(String host) {
            return now.get();
        }

        @Override
        public String uptime(String host) {
            return " 10:00:00 up 1 day,  0 users,  load average: 0.00, 0.00, 0.00\n";
        }
    }

    /** A door to the compute hosts that only answers get_host_uptime, noting whom it asked. */
    static org.novalab.compute.rpc.ComputeApi uptimeOf(List<String> asked, String line) {
        return (org.novalab.compute.rpc.ComputeApi) java.lang.reflect.Proxy.newProxyInstance(
                ReportedHostResourcesTest.class.getClassLoader(),
                new Class<?>[] {org.novalab.compute.rpc.ComputeApi.class}, (proxy, m, args) -> {
                    if (!m.getName().equals("getHostUptime")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    asked.add((String) args[0]);
                    return line;
                });
    }

    @Test
    void an_api_without_compute_hosts_shows_what_each_host_reported_and_the_next_report_replaces_it()
            throws Exception {
        DatabaseConfig config = DatabaseConfig.of("jdbc:h2:file:" + tmp.resolve("nova"), "nova", "pw");
        try (Database computeSide = Database.open(config, NovalabServer.ENTITIES, 2)) {
            Reporter big = new Reporter();
            JsonObject cpu = new JsonObject().put("arch", "aarch64").put("model", "Neoverse-N1");
            big.now.set(new HostResources.Capacity(48, 262_144, 900, 800, "10.0.0.7", "QEMU", 7_002_000, cpu,
                    Set.of("COMPUTE_EPHEMERAL_ENCRYPTION", "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS")));
            try (ServiceRegistry compute = ServiceRegistry.computeServices(computeSide, Clock.systemUTC(),
                    ServiceGroup.NOVA_DEFAULTS, () -> List.of("big-host"), big)) {
                compute.start();
                List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
                ReportedHostResources api = new ReportedHostResources(
                        ServiceRegistry.reader(computeSide, Clock.systemUTC(), ServiceGroup.NOVA_DEFAULTS), List::of,
                        uptimeOf(asked, " 19:12:01 up 3 days,  2:04,  1 user,  load average: 0.08, 0.11, 0.09"));

                assertThat(api.of("big-host")).isEqualTo(big.now.get());
                assertThat(api.of("never-registered")).as("a host that never reported offers nothing")
                        .isEqualTo(ReportedHostResources.NOTHING);
                assertThat(api.uptime("big-host")).as("the uptime is asked of the host, not read on the api's machine")
                        .contains("up 3 days");
                assertThat(api.uptime("never-registered")).as("a host with no compute service up cannot tell")
                        .isNull();
                assertThat(asked).as("and is not asked").containsExactly("big-host");

                HostResources.Capacity fuller = new HostResources.Capacity(48, 262_144, 900, 120, "10.0.0.7", "QEMU",
                        7_002_000, cpu, Set.of());
                big.now.set(fuller);
                for (int i = 0; i < ServiceRegistry.BEATS_PER_REPORT; i++) {
                    assertThat(api.of("big-host").freeDiskGb()).as("beat %d reports nothing new", i).isEqualTo(800);
                    compute.beat();
                }
                assertThat(api.of("big-host")).as("the next report, a minute on").isEqualTo(fuller);
                assertThat(api.of("big-host").traits()).as("a host that lost its LUKS support says so").isEmpty();
            }
        }
    }
}
