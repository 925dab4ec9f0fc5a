package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.compute.host.ComputeNodeEntity;
import org.novalab.api.compute.host.HostResources;
import org.novalab.api.compute.host.RegisteredComputeHosts;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.compute.host.ServiceEntity;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * {@code novalab compute}'s service without a broker: two of them on one shared database register their
 * nova-compute services and compute nodes (and nothing of the control plane), the api role's host list sees both,
 * and each holds the lock of its own state dir only.
 */
class ComputeServiceTest {
    @TempDir
    Path tmp;

    private ServerConfig config(String host, String db) {
        return TestServers.config(tmp.resolve(host)).withHost(host).withDatabase(DatabaseConfig.of(db, "nova", "pw"));
    }

    private ComputeService start(ServerConfig config) throws Exception {
        return ComputeService.start(config, tmp.resolve("pool"),
                TestServers.compute(new FakeCompute(), List.of(config.host())));
    }

    @Test
    void two_compute_services_register_in_the_shared_database_and_each_locks_only_its_own_state_dir()
            throws Exception {
        String db = "jdbc:h2:file:" + tmp.resolve("shared").resolve("nova");
        try (ComputeService a = start(config("compute-a", db))) {
            assertThatThrownBy(() -> start(config("compute-a", db).withHost("compute-c")))
                    .as("a second service on the same state dir").hasMessageContaining("is locked");
            try (ComputeService b = start(config("compute-b", db));
                 Database shared = Database.open(DatabaseConfig.of(db, "nova", "pw"), NovalabServer.ENTITIES, 2)) {
                assertThat(a.hosts().hosts()).containsExactly("compute-a");
                assertThat(new RegisteredComputeHosts(shared, Clock.systemUTC(), ServiceGroup.NOVA_DEFAULTS).hosts())
                        .as("what the api role may schedule to").containsExactlyInAnyOrder("compute-a", "compute-b");
                ServiceRegistry registry = ServiceRegistry.reader(shared, Clock.systemUTC(), ServiceGroup.NOVA_DEFAULTS);
                assertThat(registry.list(null, null)).as("a compute process registers no scheduler or conductor")
                        .extracting(ServiceEntity::binary).containsOnly(ServiceRegistry.COMPUTE);
                assertThat(registry.computeNodes()).extracting(ComputeNodeEntity::host)
                        .containsExactlyInAnyOrder("compute-a", "compute-b");
                for (ComputeNodeEntity node : registry.computeNodes()) {
                    HostResources.Capacity reported = node.reported().orElseThrow(() -> new AssertionError(
                            node.host() + " registered without reporting its resources"));
                    assertThat(reported.vcpus()).as("%s's CPUs", node.host())
                            .isEqualTo(Runtime.getRuntime().availableProcessors());
                    assertThat(reported.memoryMb()).as("%s's memory", node.host()).isPositive();
                    assertThat(reported.localGb()).as("%s's instance disk: its state dir's file system",
                            node.host()).isEqualTo(Files.getFileStore(tmp).getTotalSpace() >> 30);
                    assertThat(reported.cpuInfo().getString("arch")).isNotBlank();
                }
            }
        }
        try (ComputeService again = start(config("compute-a", db))) {
            assertThat(again.hosts().hosts()).as("the lock goes with the service").containsExactly("compute-a");
        }
    }
}
