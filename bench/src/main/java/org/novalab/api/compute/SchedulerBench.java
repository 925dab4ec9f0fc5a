package org.novalab.api.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.novalab.api.compute.host.HostFit;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.compute.host.ServiceRegistry;
import org.novalab.api.persistence.Database;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.NovalabServer;
import org.novalab.compute.BackendKind;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.rpc.ComputeApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The scheduler's decision for a LUKS boot over {@code hosts} simulated compute hosts (each a compute service with a
 * fresh heartbeat and a compute node that reported 64 vCPUs, 256 GiB, 4 TB and the LUKS traits) running
 * {@code serversPerHost} servers each, in the embedded H2 database: {@code choose} is {@link Scheduler#select} as a
 * boot runs it (the enabled services, every host's offer, the filters and weighers); {@code perHostReads} is what
 * the choice read before it read every host at once (each host's service and offer in a transaction of its own),
 * for the ratio. Sample time, so JMH reports p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SchedulerBench {
    @Param({"10", "100", "1000"})
    int hosts;
    @Param({"10"})
    int serversPerHost;

    private Path dir;
    private Database db;
    private Scheduler scheduler;
    private ServiceRegistry services;
    private HostFit fit;
    private List<String> names;
    private final HostFit.Need need = HostFit.Need.of(1, 512, 1, 0, 0, BackendKind.QCOW2);

    @Setup
    public void populate() throws IOException {
        dir = Files.createTempDirectory("scheduler-bench");
        db = Database.open(DatabaseConfig.embedded(dir), NovalabServer.ENTITIES, 4);
        Instant now = Instant.now();
        names = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            names.add(String.format("compute-%04d", h));
        }
        FlavorEntity flavor = new FlavorEntity("bench", "bench", 2, 2048, 10, 0, 0, true, null, Map.of());
        db.run(s -> {
            s.persist(flavor);
            for (String host : names) {
                s.createNativeMutationQuery("insert into services (uuid, host, service_binary, topic, disabled, "
                                + "forced_down, created_at, updated_at) values (:u, :h, 'nova-compute', 'compute', false, "
                                + "false, :t, :t)").setParameter("u", UUID.randomUUID().toString())
                        .setParameter("h", host).setParameter("t", now).executeUpdate();
                s.createNativeMutationQuery("insert into compute_nodes (uuid, host, hypervisor_hostname, created_at, "
                                + "vcpus, memory_mb, local_gb, disk_available_least, host_ip, hypervisor_type, "
                                + "hypervisor_version, cpu_info, updated_at, traits, generation) values (:u, :h, :h, :t, "
                                + "64, 262144, 4000, 4000, '192.0.2.1', 'QEMU', 8002000, '{}', :t, "
                                + "'COMPUTE_EPHEMERAL_ENCRYPTION COMPUTE_EPHEMERAL_ENCRYPTION_LUKS', 1)")
                        .setParameter("u", UUID.randomUUID().toString()).setParameter("h", host)
                        .setParameter("t", now).executeUpdate();
            }
        });
        for (String host : names) {
            db.run(s -> {
                for (int i = 0; i < serversPerHost; i++) {
                    s.persist(new InstanceEntity(new NewInstance(UUID.randomUUID().toString(), "vm", "vm", "p", "u",
                            "image", flavor, "QCOW2", host, Map.of(), null, null, null, "r-1", i, null, null, false,
                            Set.of(), "nova", null, new RootDisk(EncryptionChoice.luks(), DiskCreation.BACKING_FILE)),
                            now));
                }
            });
        }
        // heartbeats stay fresh for the whole run: the hosts are up because the bench says so
        services = ServiceRegistry.reader(db, Clock.systemUTC(), new ServiceGroup(Duration.ofSeconds(10),
                Duration.ofDays(1)));
        fit = new HostFit(new HostFit.Ratios(4.0, 1.0, 1.0));
        ComputeApi noHostIsAsked = (ComputeApi) java.lang.reflect.Proxy.newProxyInstance(
                ComputeApi.class.getClassLoader(), new Class<?>[] {ComputeApi.class}, (p, m, a) -> {
                    throw new IllegalStateException("the scheduler asked a host over the bus: " + m.getName());
                });
        scheduler = new Scheduler(() -> names, noHostIsAsked, services::schedulableHosts, db, fit, 3);
    }

    @TearDown
    public void close() throws IOException {
        db.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public List<String> choose() {
        return scheduler.select(BackendKind.QCOW2, EncryptionChoice.luks(), need, Map.of(), HostPlacement.ANY,
                Map.of());
    }

    @Benchmark
    public int perHostReads() {
        int fits = 0;
        for (String host : names) {
            if (services.schedulable(host) && db.read(s -> fit.offer(s, host, false)).isPresent()) {
                fits++;
            }
        }
        return fits;
    }
}
