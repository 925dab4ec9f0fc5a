package org.novalab.compute.rpc.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novalab.compute.BackendKind;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.InstanceInvalidState;
import org.novalab.compute.InstanceNotFound;
import org.novalab.compute.RebuildRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.hypervisor.DomainNotFound;
import org.novalab.compute.attach.VolumeConnection;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.IoTune;
import org.novalab.compute.hypervisor.DomainStats;
import org.novalab.compute.inspect.ChainLayer;
import org.novalab.compute.inspect.InstanceEvidence;
import org.novalab.compute.inspect.InstanceSummary;
import org.novalab.compute.manager.HostHasNoHypervisor;
import org.novalab.compute.password.PasswordNotSet;
import org.novalab.compute.rescue.RescueRequest;
import org.novalab.compute.resize.ResizeRequest;
import org.novalab.compute.rpc.ComputeApi;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.rpc.NoSuchHost;
import org.novalab.compute.rpc.bus.Message;
import org.novalab.compute.rpc.bus.MessageBus;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretPrivate;
import org.novalab.compute.shelve.ShelveRequest;
import org.novalab.compute.shelve.UnshelveRequest;
import org.novalab.compute.snapshot.SnapshotRequest;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.compute.virsh.DomainRow;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;

/**
 * Every method of the door, sent through {@link RpcComputeApi} over a bus and run by {@link ComputeRpcServer} on a
 * host's door: the host gets the very values the API sent, the API gets the very values the host answered, errors
 * come back with their own type, and a passphrase crosses the bus only sealed. Run on the in-JVM bus
 * ({@link InJvmRoundTripTest}) and on RabbitMQ ({@code RabbitRoundTripIT}).
 */
abstract class ComputeRoundTripContract {
    static final String HOST = "compute-a";
    static final byte[] PASSWORD = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    static final PassphraseSeal SEAL = PassphraseSeal.fromMasterKey(new SecretKeySpec(new byte[32], "AES"),
            new SecureRandom());

    /** The API's side of the bus; every message it sends is also kept in {@link #sent}. */
    abstract MessageBus apiBus();

    /** The compute host's side. */
    abstract MessageBus hostBus();

    final List<byte[]> sent = new CopyOnWriteArrayList<>();
    final List<Object[]> received = new CopyOnWriteArrayList<>();
    final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    ComputeRpcServer server;
    ComputeApi api;

    static final UUID ID = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final UUID SECRET = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    static final InstanceRef REF = new InstanceRef(ID, 7);
    static final Flavor TINY = new Flavor("101", "m1.tiny", 1, 512, 1, Map.of("hw:ephemeral_encryption", "true"));
    static final Flavor SMALL = new Flavor("102", "m1.small", 2, 2048, 20, Map.of());
    static final SpawnRequest SPAWN = new SpawnRequest(ID, 7, "vm-1", TINY, "cirros",
            Map.of("hw_qemu_guest_agent", "yes"), BackendKind.QCOW2, DiskCreation.BACKING_FILE,
            EncryptionChoice.luks(), Optional.of(SECRET.toString()));
    static final HostCapabilities CAPS = new HostCapabilities("test:///default", false, true, true,
            Optional.of("7.2.0"), false, true,
            Map.of(BackendKind.QCOW2, Set.of(EncryptionFormat.LUKS, EncryptionFormat.AES), BackendKind.FLAT,
                    Set.of(EncryptionFormat.LUKS)), Map.of(BackendKind.RBD, "no librbd"), List.of("emulated"));
    static final DomainStats STATS = new DomainStats("qemu", PowerState.RUNNING, 524288, 524288, 1, 123_456_789L,
            List.of(new DomainStats.VcpuTime(0, 123_000L)), List.of(new DomainStats.BlockStats("vda", 1, 512, 2,
            1024, 0)), List.of(new DomainStats.InterfaceStats("52:54:00:12:34:56", Optional.of("tap0"),
            Optional.of(new DomainStats.NicCounters(1, 2, 3, 4, 5, 6, 7, 8)))), Map.of("actual", 524288L));
    static final SecretDefinition SECRET_DEF = SecretDefinition.forVolume(SECRET, "/var/lib/nova/instances/x/disk");
    static final InstanceEvidence EVIDENCE = evidence();
    static final VolumeConnection FILE_VOLUME = new VolumeConnection("vol-1",
            new DiskSource.File(java.nio.file.Path.of("/var/lib/novalab/volumes/volume-vol-1")), "qcow2",
            Optional.of(SECRET), new IoTune(Map.of("total_iops_sec", 500L)));
    static final VolumeConnection RBD_VOLUME = new VolumeConnection("vol-2", new DiskSource.Rbd("volumes",
            "volume-vol-2"), "raw", Optional.empty(), IoTune.NONE);

    private static InstanceEvidence evidence() {
        LinkedHashMap<String, Object> specific = new LinkedHashMap<>();
        specific.put("compat", "1.1");
        specific.put("lazy-refcounts", false);
        ImageInfo info = new ImageInfo("/i/disk", ImageFormat.QCOW2, 1L << 30, 200_704, true, 65536, "/i/_base/b",
                "/i/_base/b", ImageFormat.RAW, false, specific);
        return new InstanceEvidence(ID, "instance-00000007", "running", Path.of("/var/lib/nova/instances"),
                "instances/\n  disk", DiskDefinition.rootDisk(new DiskSource.File(Path.of("/i/disk")), "qcow2",
                Optional.of(new DiskEncryption("luks", SECRET))), List.of(new ChainLayer(Path.of("/i/disk"), info)),
                Optional.of(List.of(new MapEntry(0, 65536, 0, false, true, 327680, "/i/disk", true))),
                Optional.of(SECRET), Optional.of(SECRET_DEF), "<domain type='qemu'/>", "cirros login:",
                List.of(DiskDefinition.rootDisk(new DiskSource.File(Path.of("/i/disk")), "qcow2",
                        Optional.of(new DiskEncryption("luks", SECRET)))),
                Map.of("volumes/volume-vol-2", new org.novalab.compute.backend.RbdVolumeStat("volumes",
                        "volume-vol-2", 1L << 30, Optional.of("images/cirros@snap"),
                        List.of("rbd_data.abc.0000000000000000"))),
                Map.of(SECRET, SECRET_DEF));
    }

    @BeforeEach
    void serve() {
        ComputeApi host = (ComputeApi) Proxy.newProxyInstance(ComputeApi.class.getClassLoader(),
                new Class<?>[] {ComputeApi.class}, (proxy, method, args) -> {
                    Object[] kept = args.clone();
                    for (int i = 0; i < kept.length; i++) {
                        if (kept[i] instanceof Passphrase p) { // the door's caller closes it after the call
                            kept[i] = new String(p.bytes(), StandardCharsets.UTF_8);
                        }
                    }
                    received.add(prepend(method.getName(), kept));
                    RuntimeException failure = failures.get(method.getName());
                    if (failure != null) {
                        throw failure;
                    }
                    return answer(method);
                });
        server = ComputeRpcServer.serve(hostBus(), host, List.of(HOST), SEAL);
        MessageBus spied = new MessageBus() {
            @Override
            public void cast(String topic, Message m) {
                sent.add(m.body());
                apiBus().cast(topic, m);
            }

            @Override
            public byte[] call(String topic, Message m, Duration timeout) {
                sent.add(m.body());
                return apiBus().call(topic, m, timeout);
            }

            @Override
            public void fanout(String topic, Message m) {
                apiBus().fanout(topic, m);
            }

            @Override
            public Subscription consume(String topic, Handler handler) {
                return apiBus().consume(topic, handler);
            }

            @Override
            public String describe() {
                return "spied";
            }

            @Override
            public void close() {
            }
        };
        api = new RpcComputeApi(spied, SEAL, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Object answer(Method m) {
        return switch (m.getName()) {
            case "getConsoleOutput" -> "cirros login:";
            case "getDiagnostics" -> STATS;
            case "getCapabilities" -> CAPS;
            case "getHostUptime" -> " 19:12:01 up 3 days,  2:04,  1 user,  load average: 0.08, 0.11, 0.09";
            case "listDomains" -> List.of(new DomainRow(Optional.of("1"), "instance-00000007", ID,
                    PowerState.RUNNING), new DomainRow(Optional.empty(), "instance-00000008", SECRET,
                    PowerState.SHUTDOWN));
            case "dumpDomainXml" -> "<domain type='qemu'><name>instance-00000007</name></domain>";
            case "defineDomain" -> "instance-00000009";
            case "startDomain" -> PowerState.RUNNING;
            case "destroyDomain" -> PowerState.SHUTDOWN;
            case "listSecrets" -> List.of(SECRET_DEF);
            case "defineSecret" -> SECRET;
            case "listInstanceDirectories" -> List.of(new InstanceSummary(ID, "instance-00000007", "running"));
            case "describeInstance" -> EVIDENCE;
            case "attachVolume" -> "vdb";
            case "postLiveMigrationAtDestination" -> PowerState.PAUSED;
            default -> null;
        };
    }

    static Object[] prepend(String name, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    @Test
    void every_method_of_the_door_reaches_the_host_with_its_values_and_answers_with_the_hosts()
            throws InterruptedException {
        ResizeRequest resize = new ResizeRequest(REF, SECRET, TINY, SMALL, true);
        ResizeRequest move = new ResizeRequest(REF, SECRET, TINY, SMALL, false, Optional.of(
                new ResizeRequest.Move(HOST, "compute-b", Optional.of("cirros"))));
        byte[] piece = {0x51, 0x46, 0x49, (byte) 0xfb, 0, 0, 0, 3};
        RebuildRequest rebuild = new RebuildRequest(SPAWN, false, true);
        RescueRequest rescue = new RescueRequest(REF, "rescue-image", BackendKind.FLAT, DiskCreation.CONVERT);
        SnapshotRequest snapshot = new SnapshotRequest(REF, "snap-1", TaskState.IMAGE_BACKUP, VmState.ACTIVE,
                PowerState.RUNNING, Optional.of(new SnapshotRequest.Backup("daily", 2)));
        ShelveRequest shelve = new ShelveRequest(REF, "shelved", VmState.STOPPED, PowerState.SHUTDOWN, true);
        UnshelveRequest unshelve = new UnshelveRequest(SPAWN, true);

        api.buildAndRunInstance(HOST, SPAWN);
        api.rebuildInstance(HOST, rebuild);
        api.resizeInstance(HOST, resize);
        api.confirmResize(HOST, resize);
        api.revertResize(HOST, resize);
        api.finishResize(HOST, move);
        api.finishRevertResize(HOST, move, Optional.of("Migration failed on compute-b: no room"));
        api.finishRevertResize(HOST, move, Optional.empty());
        api.stopInstance(HOST, REF);
        api.startInstance(HOST, REF);
        api.rebootInstance(HOST, REF, true);
        api.rebootInstance(HOST, REF, false);
        api.softDeleteInstance(HOST, REF);
        api.restoreInstance(HOST, REF);
        api.pauseInstance(HOST, REF);
        api.unpauseInstance(HOST, REF);
        api.suspendInstance(HOST, REF);
        api.resumeInstance(HOST, REF);
        api.rescueInstance(HOST, rescue);
        api.unrescueInstance(HOST, REF);
        api.snapshotInstance(HOST, snapshot);
        api.shelveInstance(HOST, shelve);
        api.shelveOffloadInstance(HOST, REF);
        api.unshelveInstance(HOST, unshelve);
        api.terminateInstance(HOST, REF);
        api.liveMigration(HOST, move);

        assertThat(api.getConsoleOutput(HOST, REF)).isEqualTo("cirros login:");
        try (Passphrase password = Passphrase.of(PASSWORD)) {
            api.setAdminPassword(HOST, REF, Map.of("hw_qemu_guest_agent", "yes"), password);
        }
        assertThat(api.getDiagnostics(HOST, REF)).isEqualTo(STATS);
        assertThat(api.getCapabilities(HOST)).isEqualTo(CAPS);
        assertThat(api.getHostUptime(HOST)).isEqualTo(answer(method("getHostUptime")));
        assertThat(api.listDomains(HOST)).isEqualTo(answer(method("listDomains")));
        assertThat(api.dumpDomainXml(HOST, "instance-00000007")).contains("<name>instance-00000007</name>");
        assertThat(api.defineDomain(HOST, "<domain/>")).isEqualTo("instance-00000009");
        assertThat(api.startDomain(HOST, "instance-00000009")).isEqualTo(PowerState.RUNNING);
        assertThat(api.destroyDomain(HOST, "instance-00000009")).isEqualTo(PowerState.SHUTDOWN);
        api.undefineDomain(HOST, "instance-00000009");
        assertThat(api.listSecrets(HOST)).containsExactly(SECRET_DEF);
        assertThat(api.defineSecret(HOST, "<secret/>")).isEqualTo(SECRET);
        try (Passphrase value = Passphrase.of(PASSWORD)) {
            api.setSecretValue(HOST, SECRET, value);
        }
        api.undefineSecret(HOST, SECRET);
        assertThat(api.listInstanceDirectories(HOST)).containsExactly(new InstanceSummary(ID, "instance-00000007",
                "running"));
        InstanceEvidence evidence = api.describeInstance(HOST, ID);
        assertThat(evidence).usingRecursiveComparison().isEqualTo(EVIDENCE);

        assertThat(api.attachVolume(HOST, REF, FILE_VOLUME, Optional.of("vdb"))).isEqualTo("vdb");
        assertThat(api.attachVolume(HOST, REF, RBD_VOLUME, Optional.empty())).isEqualTo("vdb");
        api.detachVolume(HOST, REF, "vol-1");
        api.receiveMigrationFile(HOST, ID, "disk", 4L << 20, piece);
        assertThat(api.postLiveMigrationAtDestination(HOST, move, true)).isEqualTo(PowerState.PAUSED);
        api.rollbackLiveMigrationAtDestination(HOST, ID);

        awaitReceived(48); // 26 casts and 22 calls
        String pw = new String(PASSWORD, StandardCharsets.UTF_8);
        assertThat(received).usingRecursiveFieldByFieldElementComparator().containsExactlyInAnyOrder(
                new Object[] {"buildAndRunInstance", HOST, SPAWN},
                new Object[] {"rebuildInstance", HOST, rebuild},
                new Object[] {"resizeInstance", HOST, resize},
                new Object[] {"confirmResize", HOST, resize},
                new Object[] {"revertResize", HOST, resize},
                new Object[] {"finishResize", HOST, move},
                new Object[] {"finishRevertResize", HOST, move, Optional.of("Migration failed on compute-b: no room")},
                new Object[] {"finishRevertResize", HOST, move, Optional.empty()},
                new Object[] {"stopInstance", HOST, REF},
                new Object[] {"startInstance", HOST, REF},
                new Object[] {"rebootInstance", HOST, REF, true},
                new Object[] {"rebootInstance", HOST, REF, false},
                new Object[] {"softDeleteInstance", HOST, REF},
                new Object[] {"restoreInstance", HOST, REF},
                new Object[] {"pauseInstance", HOST, REF},
                new Object[] {"unpauseInstance", HOST, REF},
                new Object[] {"suspendInstance", HOST, REF},
                new Object[] {"resumeInstance", HOST, REF},
                new Object[] {"rescueInstance", HOST, rescue},
                new Object[] {"unrescueInstance", HOST, REF},
                new Object[] {"snapshotInstance", HOST, snapshot},
                new Object[] {"shelveInstance", HOST, shelve},
                new Object[] {"shelveOffloadInstance", HOST, REF},
                new Object[] {"unshelveInstance", HOST, unshelve},
                new Object[] {"terminateInstance", HOST, REF},
                new Object[] {"getConsoleOutput", HOST, REF},
                new Object[] {"setAdminPassword", HOST, REF, Map.of("hw_qemu_guest_agent", "yes"), pw},
                new Object[] {"getDiagnostics", HOST, REF},
                new Object[] {"getCapabilities", HOST},
                new Object[] {"getHostUptime", HOST},
                new Object[] {"listDomains", HOST},
                new Object[] {"dumpDomainXml", HOST, "instance-00000007"},
                new Object[] {"defineDomain", HOST, "<domain/>"},
                new Object[] {"startDomain", HOST, "instance-00000009"},
                new Object[] {"destroyDomain", HOST, "instance-00000009"},
                new Object[] {"undefineDomain", HOST, "instance-00000009"},
                new Object[] {"listSecrets", HOST},
                new Object[] {"defineSecret", HOST, "<secret/>"},
                new Object[] {"setSecretValue", HOST, SECRET, pw},
                new Object[] {"undefineSecret", HOST, SECRET},
                new Object[] {"listInstanceDirectories", HOST},
                new Object[] {"describeInstance", HOST, ID},
                new Object[] {"attachVolume", HOST, REF, FILE_VOLUME, Optional.of("vdb")},
                new Object[] {"attachVolume", HOST, REF, RBD_VOLUME, Optional.empty()},
                new Object[] {"detachVolume", HOST, REF, "vol-1"},
                new Object[] {"receiveMigrationFile", HOST, ID, "disk", 4L << 20, piece},
                new Object[] {"liveMigration", HOST, move},
                new Object[] {"postLiveMigrationAtDestination", HOST, move, true},
                new Object[] {"rollbackLiveMigrationAtDestination", HOST, ID});
        Set<String> covered = received.stream().map(r -> (String) r[0]).collect(Collectors.toSet());
        assertThat(covered).as("every method of ComputeApi went over the bus").containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ComputeApi.class.getMethods()).map(Method::getName).collect(Collectors.toSet()));
        assertThat(sent).as("the passphrase never crossed the bus in the clear")
                .noneMatch(body -> new String(body, StandardCharsets.UTF_8).contains(pw));
        assertThat(new String(sent.get(0), StandardCharsets.UTF_8)).contains("\"version\":\"1.0\"",
                "\"method\":\"build_and_run_instance\"");
    }

    @Test
    void a_hosts_error_comes_back_with_its_own_type_and_words() {
        failures.put("setAdminPassword", PasswordNotSet.agentNotEnabled());
        failures.put("describeInstance", new InstanceNotFound(ID));
        failures.put("dumpDomainXml", new DomainNotFound("instance-0000002a"));
        failures.put("listDomains", new HostHasNoHypervisor(HOST, "virsh list"));
        failures.put("undefineSecret", new SecretPrivate(SECRET));
        failures.put("getCapabilities", new IllegalStateException("disk /var/lib/secret-path exploded"));
        failures.put("getConsoleOutput", new org.novalab.compute.ComputeException("the console log is unreadable"));
        failures.put("getDiagnostics", new InstanceInvalidState(ID, "power state", "shutdown", "get_diagnostics"));
        try (Passphrase password = Passphrase.of(PASSWORD)) {
            assertThatThrownBy(() -> api.setAdminPassword(HOST, REF, Map.of(), password))
                    .isInstanceOf(PasswordNotSet.class).hasMessage("QEMU guest agent is not enabled")
                    .satisfies(e -> assertThat(((PasswordNotSet) e).kind())
                            .isEqualTo(PasswordNotSet.Kind.AGENT_NOT_ENABLED));
        }
        assertThatThrownBy(() -> api.describeInstance(HOST, ID)).isInstanceOf(InstanceNotFound.class)
                .hasMessage(new InstanceNotFound(ID).getMessage());
        assertThatThrownBy(() -> api.dumpDomainXml(HOST, "x")).isInstanceOf(DomainNotFound.class)
                .hasMessage(new DomainNotFound("instance-0000002a").getMessage());
        assertThatThrownBy(() -> api.listDomains(HOST)).isInstanceOf(HostHasNoHypervisor.class)
                .hasMessage(new HostHasNoHypervisor(HOST, "virsh list").getMessage());
        assertThatThrownBy(() -> api.undefineSecret(HOST, SECRET)).isInstanceOf(SecretPrivate.class)
                .hasMessage(new SecretPrivate(SECRET).getMessage());
        assertThatThrownBy(() -> api.getDiagnostics(HOST, REF)).isInstanceOf(InstanceInvalidState.class)
                .satisfies(e -> assertThat(((InstanceInvalidState) e).conflictMessage()).as("the API's 409 words")
                        .isEqualTo("Cannot 'get_diagnostics' instance " + ID + " while it is in power state shutdown"));
        assertThatThrownBy(() -> api.getConsoleOutput(HOST, REF))
                .isExactlyInstanceOf(org.novalab.compute.ComputeException.class)
                .hasMessage("the console log is unreadable");
        assertThatThrownBy(() -> api.getCapabilities(HOST)).as("a bug's words stay on the host: they may name files")
                .isExactlyInstanceOf(UnexpectedHostFailure.class).hasMessageNotContaining("secret-path");
    }

    @Test
    void a_host_nobody_serves_is_no_such_host_for_casts_and_calls() {
        assertThatThrownBy(() -> api.stopInstance("nowhere", REF)).isInstanceOf(NoSuchHost.class)
                .hasMessage("Compute host nowhere could not be found.");
        assertThatThrownBy(() -> api.getConsoleOutput("nowhere", REF)).isInstanceOf(NoSuchHost.class);
    }

    private void awaitReceived(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static Method method(String name) {
        return Arrays.stream(ComputeApi.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow();
    }
}
