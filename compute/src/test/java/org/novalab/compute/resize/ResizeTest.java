package org.novalab.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Disks;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;

/**
 * A resize on one host grows the root disk in its own format and encryption, under the same passphrase and libvirt
 * secret, and redefines the domain with the new flavor; the old directory waits as {@code <uuid>_resize} until a
 * confirm removes it or a revert puts it back byte for byte; a crash at any step leaves one whole directory.
 */
class ResizeTest {
    static final Flavor M1_SMALL = new Flavor("2", "m1.small", 2, 128, 2, Map.of());
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;
    ComputeDriver driver;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @BeforeEach
    void open() {
        host = TestHosts.open(instances, cloud);
        driver = host.driver();
    }

    @AfterEach
    void close() {
        host.close();
    }

    static Stream<Arguments> disks() {
        return Stream.of(Arguments.of(EncryptionChoice.luks(), DiskCreation.BACKING_FILE),
                Arguments.of(EncryptionChoice.luks(), DiskCreation.CONVERT),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.BACKING_FILE),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.CONVERT),
                Arguments.of(EncryptionChoice.NONE, DiskCreation.BACKING_FILE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("disks")
    void aResizeGrowsTheDiskUnderItsOwnKeyAndARevertBringsTheOldOneBackByteForByte(EncryptionChoice choice,
            DiskCreation creation) throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, choice, creation);
        driver.spawn(built);
        Path dir = instances.resolve(built.uuid().toString());
        byte[] oldDisk = Files.readAllBytes(dir.resolve("disk"));
        String oldXml = Files.readString(dir.resolve("libvirt.xml"));
        List<UUID> keys = keysOf(built);

        PowerState state = driver.resize(resizeOf(built, M1_SMALL, false));

        assertThat(state).isEqualTo(PowerState.RUNNING);
        assertThat(Disks.java().info(dir.resolve("disk")).virtualSize()).isEqualTo(2L << 30);
        assertThat(Disks.java().info(dir.resolve("disk")).encrypted()).isEqualTo(choice.enabled());
        assertThat(Files.readAllBytes(dir.resolveSibling(dir.getFileName() + "_resize").resolve("disk")))
                .as("the old disk waits untouched").isEqualTo(oldDisk);
        assertThat(checkedWithItsKey(dir)).isTrue();
        DomainDefinition domain = DomainXml.parse(host.hypervisor().dumpXml(built.domainName()));
        assertThat(domain.vcpus()).isEqualTo(2);
        assertThat(domain.memoryKib()).isEqualTo(128 * 1024L);
        assertThat(DomainXml.parse(Files.readString(dir.resolve("libvirt.xml")))).isEqualTo(domain);
        assertThat(keysOf(built)).as("the same passphrase").isEqualTo(keys);
        if (choice.enabled()) {
            assertThat(SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid()).isEqualTo(keys.get(0));
            assertThat(host.secrets().lookup(keys.get(0))).isPresent();
        }
        assertThat(driver.consoleOutput(built.uuid())).endsWith(FixtureGuest.BANNER);

        assertThat(driver.revertResize(resizeOf(built, M1_SMALL, false))).isEqualTo(PowerState.RUNNING);

        assertThat(Files.readAllBytes(dir.resolve("disk"))).isEqualTo(oldDisk);
        assertThat(Files.readString(dir.resolve("libvirt.xml"))).isEqualTo(oldXml);
        assertThat(DomainXml.parse(host.hypervisor().dumpXml(built.domainName())).vcpus()).isEqualTo(1);
        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(keysOf(built)).isEqualTo(keys);
        assertThat(checkedWithItsKey(dir)).isTrue();
    }

    @Test
    void aConfirmRemovesTheOldDiskAndAStoppedServerStaysOff() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(built);
        driver.stop(built.uuid());
        Path dir = instances.resolve(built.uuid().toString());

        assertThat(driver.resize(resizeOf(built, M1_SMALL, true))).isEqualTo(PowerState.SHUTDOWN);
        assertThat(driver.confirmResize(resizeOf(built, M1_SMALL, true))).isEqualTo(PowerState.SHUTDOWN);

        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(Disks.java().info(dir.resolve("disk")).virtualSize()).isEqualTo(2L << 30);
        assertThat(checkedWithItsKey(dir)).isTrue();
        driver.start(built.uuid());
        assertThat(driver.consoleOutput(built.uuid())).endsWith(FixtureGuest.BANNER);
    }

    @Test
    void aDiskThatWouldShrinkIsNovasResizeErrorAndNothingChanges() throws Exception {
        SpawnRequest built = new SpawnRequest(UUID.randomUUID(), 0x5e51, "big", M1_SMALL, TestCloud.FIXTURE, Map.of(),
                BackendKind.QCOW2, DiskCreation.BACKING_FILE, EncryptionChoice.luks(), java.util.Optional.empty());
        driver.spawn(built);
        Path dir = instances.resolve(built.uuid().toString());
        byte[] disk = Files.readAllBytes(dir.resolve("disk"));

        assertThatThrownBy(() -> driver.resize(new ResizeRequest(built.ref(), UUID.randomUUID(), M1_SMALL,
                TestHosts.M1_TINY, false))).isInstanceOf(ResizeError.class)
                .hasMessage("Resize error: Unable to resize disk down.");

        assertThat(Files.readAllBytes(dir.resolve("disk"))).isEqualTo(disk);
        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(driver.state(built.uuid())).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aKillWhileTheCopyIsStagedLeavesTheOldDirectoryWholeAndARestartRemovesTheCopy() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.legacyAes(), DiskCreation.CONVERT);
        driver.spawn(built);
        Path dir = instances.resolve(built.uuid().toString());
        byte[] disk = Files.readAllBytes(dir.resolve("disk"));
        ComputeDriver killed = new ComputeDriver(driver.config(), cloud.imagesFor(instances), host.hypervisor(),
                host.secrets(), host.keys(), killedAtResize());

        assertThatThrownBy(() -> killed.resize(resizeOf(built, M1_SMALL, false))).isInstanceOf(Killed.class);
        assertThat(dir.resolveSibling(dir.getFileName() + ".resizing")).isDirectory();

        restart().reconcile(List.of(new KnownInstance(built.uuid(), built.domainName(), PowerState.RUNNING)));

        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("disk"))).isEqualTo(disk);
        assertThat(driver.consoleOutput(built.uuid())).endsWith(FixtureGuest.BANNER);
    }

    @Test
    void aKillAfterTheSwapIsUndoneByTheRevertARestartRunsAndTheSecretStillOpensTheDisk() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(built);
        Path dir = instances.resolve(built.uuid().toString());
        byte[] disk = Files.readAllBytes(dir.resolve("disk"));
        ComputeDriver killed = new ComputeDriver(driver.config(), cloud.imagesFor(instances),
                killedAtDefine(host.hypervisor()), host.secrets(), host.keys(), Disks.java());

        assertThatThrownBy(() -> killed.resize(resizeOf(built, M1_SMALL, false))).isInstanceOf(Killed.class);
        assertThat(dir.resolveSibling(dir.getFileName() + "_resize")).isDirectory();

        // what the compute manager's init_host does for a server left in a resize task state
        assertThat(restart().revertResize(resizeOf(built, M1_SMALL, false))).isEqualTo(PowerState.RUNNING);

        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("disk"))).isEqualTo(disk);
        assertThat(host.secrets().lookup(keysOf(built).get(0))).as("defined again for the boot").isPresent();
        assertThat(driver.consoleOutput(built.uuid())).endsWith(FixtureGuest.BANNER);
    }

    @Test
    void aDeleteOfAResizedServerRemovesBothDirectories() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(built);
        Path dir = instances.resolve(built.uuid().toString());
        driver.resize(resizeOf(built, M1_SMALL, false));

        driver.destroy(built.uuid());

        assertThat(dir).doesNotExist();
        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(keysOf(built)).isEmpty();
    }

    private boolean checkedWithItsKey(Path dir) throws Exception {
        if (!Files.exists(dir.resolve("secret.xml"))) {
            return Disks.java().check(dir.resolve("disk"), KeyLookup.NONE).clean();
        }
        UUID secret = SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid();
        try (Passphrase p = host.keys().get(secret)) {
            return Disks.java().check(dir.resolve("disk"), KeyLookup.always(p)).clean();
        }
    }

    private List<UUID> keysOf(SpawnRequest built) {
        return host.keys().list(SecretOwner.rootDisk(built.uuid())).stream().map(SecretMetadata::id).toList();
    }

    static ResizeRequest resizeOf(SpawnRequest built, Flavor to, boolean stopped) {
        return new ResizeRequest(built.ref(), UUID.randomUUID(), built.flavor(), to, stopped);
    }

    private ComputeDriver restart() {
        host.close(); // the test driver forgets its domains, novalab's store its secrets
        host = TestHosts.open(instances, cloud);
        driver = host.driver();
        return driver;
    }

    private static List<Path> siblingsOf(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(dir.getFileName().toString())
                    && !p.equals(dir)).toList();
        }
    }

    /** What a kill -9 leaves: no rollback runs (an Error passes every {@code catch RuntimeException}). */
    static final class Killed extends Error {
        Killed(String where) {
            super("killed " + where);
        }
    }

    private static org.novalab.disk.DiskTool killedAtResize() {
        org.novalab.disk.DiskTool real = Disks.java();
        return (org.novalab.disk.DiskTool) Proxy.newProxyInstance(ResizeTest.class.getClassLoader(),
                new Class<?>[] {org.novalab.disk.DiskTool.class}, (proxy, method, args) -> {
                    if (method.getName().equals("resize")) {
                        throw new Killed("while growing the staged disk");
                    }
                    return invoke(method, real, args);
                });
    }

    private static Hypervisor killedAtDefine(Hypervisor real) {
        return (Hypervisor) Proxy.newProxyInstance(ResizeTest.class.getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("define")) {
                        throw new Killed("at define, after the swap");
                    }
                    return invoke(method, real, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
