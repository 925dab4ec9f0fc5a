package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.CheckReport;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.ImageNotFound;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;

/**
 * A rebuild makes the root disk again from an image, encrypted as it was, under a fresh passphrase: the old
 * passphrase's libvirt secret and key manager row are gone, and no crash leaves a half-made disk or a stray secret.
 */
class RebuildTest {
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

    static Stream<Arguments> encryptedDisks() {
        return Stream.of(Arguments.of(EncryptionChoice.luks(), DiskCreation.BACKING_FILE),
                Arguments.of(EncryptionChoice.luks(), DiskCreation.CONVERT),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.BACKING_FILE),
                Arguments.of(EncryptionChoice.legacyAes(), DiskCreation.CONVERT));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encryptedDisks")
    void anEncryptedDiskIsRebuiltInItsFormatUnderANewPassphraseAndNothingOfTheOldOneIsLeft(EncryptionChoice choice,
            DiskCreation creation) throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, choice, creation);
        UUID old = driver.spawn(built).secretUuid().orElseThrow();
        Path dir = instances.resolve(built.uuid().toString());

        SpawnResult r = driver.rebuild(rebuildOf(built, TestCloud.OTHER_BOOTABLE, false));

        UUID fresh = r.secretUuid().orElseThrow();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(r.state()).isEqualTo(PowerState.RUNNING);
        assertThat(r.console()).as("booted the new image").contains("not the fixture guest's program")
                .doesNotContain(FixtureGuest.BANNER);
        // the disk: the same format and creation method, from the new image, and a sound qcow2
        ImageInfo info = Disks.java().info(dir.resolve("disk"));
        assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(info.encrypted()).isTrue();
        assertThat(info.formatSpecific().get("encrypt")).asString()
                .contains(choice.format().orElseThrow() == EncryptionFormat.LUKS ? "luks" : "aes");
        assertThat(Optional.ofNullable(info.backingFilename())).isEqualTo(creation == DiskCreation.BACKING_FILE
                ? Optional.of(TestCloud.basePath(instances, TestCloud.OTHER_BOOTABLE).toString()) : Optional.empty());
        try (Passphrase p = host.keys().get(fresh)) {
            assertThat(Disks.java().check(dir.resolve("disk"), KeyLookup.always(p)).clean()).isTrue();
        }
        // its secret is the one the files, the domain and the key manager name, and the only one
        SecretDefinition secret = SecretXml.parse(Files.readString(dir.resolve("secret.xml")));
        assertThat(secret.uuid()).isEqualTo(fresh);
        assertThat(secret.usageVolume()).isEqualTo(dir.resolve("disk").toString());
        DiskDefinition disk = DomainXml.parse(host.hypervisor().dumpXml(built.domainName())).bootDisk().orElseThrow();
        assertThat(disk.encryption().orElseThrow().secretUuid()).isEqualTo(fresh);
        assertThat(disk.encryption().orElseThrow().format()).isEqualTo(choice.libvirtFormat().orElseThrow());
        assertThat(DomainXml.parse(Files.readString(dir.resolve("libvirt.xml"))).bootDisk()).contains(disk);
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).extracting(SecretMetadata::id)
                .containsExactly(fresh);
        assertThat(host.secrets().lookup(old)).isEmpty();
        assertThatThrownBy(() -> host.keys().get(old)).isInstanceOf(org.novalab.keys.ManagedSecretNotFound.class);
        assertThat(Files.readString(dir.resolve("libvirt.xml")) + Files.readString(dir.resolve("secret.xml")))
                .doesNotContain(old.toString());
        assertThat(siblingsOf(dir)).as("no staging or old directory stays").isEmpty();
    }

    @Test
    void aLuksDiskRebuiltNoLongerOpensWithTheOldPassphrase() {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID old = driver.spawn(built).secretUuid().orElseThrow();
        try (Passphrase before = host.keys().get(old)) {
            driver.rebuild(rebuildOf(built, TestCloud.FIXTURE, false));

            Path disk = instances.resolve(built.uuid() + "/disk");
            assertThatThrownBy(() -> Disks.open(disk, ImageFormat.QCOW2, KeyLookup.always(before), false).close())
                    .isInstanceOf(InvalidPassphrase.class);
        }
    }

    @Test
    void anUnencryptedDiskStaysUnencryptedAndTheFixtureBootsAgain() throws Exception {
        SpawnRequest built = TestHosts.request(TestCloud.OTHER_BOOTABLE, BackendKind.QCOW2, EncryptionChoice.NONE,
                DiskCreation.BACKING_FILE);
        driver.spawn(built);

        SpawnResult r = driver.rebuild(rebuildOf(built, TestCloud.FIXTURE, false));

        Path dir = instances.resolve(built.uuid().toString());
        assertThat(r.secretUuid()).isEmpty();
        assertThat(r.console()).endsWith(FixtureGuest.BANNER);
        assertThat(dir.resolve("secret.xml")).doesNotExist();
        assertThat(Disks.java().info(dir.resolve("disk")).encrypted()).isFalse();
        assertThat(Disks.java().info(dir.resolve("disk")).backingFilename())
                .isEqualTo(TestCloud.basePath(instances, TestCloud.FIXTURE).toString());
        assertThat(driver.consoleOutput(built.uuid())).as("a new console.log").isEqualTo(r.console());
    }

    @Test
    void aStoppedInstanceIsPoweredOffFirstAndItsDomainKeepsItsNameAndUuid() {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(built);
        driver.stop(built.uuid());

        SpawnResult r = driver.rebuild(rebuildOf(built, TestCloud.FIXTURE, false));

        assertThat(r.domainName()).isEqualTo(built.domainName());
        assertThat(host.hypervisor().lookup(built.uuid()).orElseThrow().name()).isEqualTo(built.domainName());
        assertThat(driver.state(built.uuid())).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aRebuildThatFailsBeforeTheSwapLeavesTheInstanceAsItWas() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID old = driver.spawn(built).secretUuid().orElseThrow();
        Path dir = instances.resolve(built.uuid().toString());
        byte[] diskBefore = Files.readAllBytes(dir.resolve("disk"));

        assertThatThrownBy(() -> driver.rebuild(rebuildOf(built, "no-such-image", false)))
                .isInstanceOf(ImageNotFound.class);
        ComputeDriver failing = new ComputeDriver(driver.config(), cloud.imagesFor(instances), host.hypervisor(),
                host.secrets(), host.keys(), new RefusalsAndRollbackTest.FailingDisks());
        assertThatThrownBy(() -> failing.rebuild(rebuildOf(built, TestCloud.FIXTURE, false)))
                .hasMessageContaining("No space left on device");

        assertThat(Files.readAllBytes(dir.resolve("disk"))).isEqualTo(diskBefore);
        assertThat(SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid()).isEqualTo(old);
        assertThat(host.secrets().lookup(old)).as("the old secret is defined again").isPresent();
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).extracting(SecretMetadata::id)
                .containsExactly(old);
        assertThat(siblingsOf(dir)).isEmpty();
        driver.start(built.uuid());
        assertThat(driver.consoleOutput(built.uuid())).endsWith(FixtureGuest.BANNER);
    }

    @Test
    void preservingEphemeralPartitionsIsRefusedInNovasWordsAndChangesNothing() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID old = driver.spawn(built).secretUuid().orElseThrow();

        assertThatThrownBy(() -> driver.rebuild(rebuildOf(built, TestCloud.FIXTURE, true)))
                .isInstanceOf(PreserveEphemeralNotSupported.class)
                .hasMessage("The current driver does not support preserving ephemeral partitions.");

        assertThat(driver.state(built.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).extracting(SecretMetadata::id)
                .containsExactly(old);
    }

    @Test
    void anInstanceWhoseBuildLeftNothingIsBuiltAfresh() {
        SpawnRequest built = TestHosts.request(TestCloud.OTHER_BOOTABLE, BackendKind.QCOW2, EncryptionChoice.luks(),
                DiskCreation.BACKING_FILE);

        SpawnResult r = driver.rebuild(rebuildOf(built, TestCloud.FIXTURE, false));

        assertThat(r.console()).endsWith(FixtureGuest.BANNER);
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).extracting(SecretMetadata::id)
                .containsExactly(r.secretUuid().orElseThrow());
    }

    @Test
    void aKillWhileTheNewDiskIsStagedLeavesTheOldDiskAndRestartDropsTheNewKey() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID old = driver.spawn(built).secretUuid().orElseThrow();
        Path dir = instances.resolve(built.uuid().toString());
        ComputeDriver killed = new ComputeDriver(driver.config(), cloud.imagesFor(instances), host.hypervisor(),
                host.secrets(), host.keys(), new KilledAfterStagedDisk(host.keys(), built.uuid()));

        assertThatThrownBy(() -> killed.rebuild(rebuildOf(built, TestCloud.FIXTURE, false)))
                .isInstanceOf(Killed.class);
        assertThat(dir.resolveSibling(dir.getFileName() + ".rebuild")).isDirectory();
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).hasSize(2);

        ReconcileReport report = restart().reconcile(List.of(known(built)));

        assertThat(report.fixed()).extracting(ReconcileReport.Entry::uuid).containsExactly(built.uuid());
        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).extracting(SecretMetadata::id)
                .containsExactly(old);
        assertThat(host.secrets().lookup(old)).isPresent();
        assertThat(driver.consoleOutput(built.uuid())).endsWith(FixtureGuest.BANNER);
    }

    @Test
    void aKillAfterTheSwapKeepsTheNewDiskAndRestartDropsEverythingOfTheOldOne() throws Exception {
        SpawnRequest built = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        UUID old = driver.spawn(built).secretUuid().orElseThrow();
        Path dir = instances.resolve(built.uuid().toString());
        ComputeDriver killed = new ComputeDriver(driver.config(), cloud.imagesFor(instances),
                killedAtDefine(host.hypervisor()), host.secrets(), host.keys(), Disks.java());

        assertThatThrownBy(() -> killed.rebuild(rebuildOf(built, TestCloud.OTHER_BOOTABLE, false)))
                .isInstanceOf(Killed.class);
        assertThat(dir.resolveSibling(dir.getFileName() + ".old")).isDirectory();
        UUID fresh = SecretXml.parse(Files.readString(dir.resolve("secret.xml"))).uuid();
        assertThat(fresh).isNotEqualTo(old);

        restart().reconcile(List.of(known(built)));

        assertThat(siblingsOf(dir)).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(built.uuid()))).extracting(SecretMetadata::id)
                .containsExactly(fresh);
        assertThat(host.secrets().lookup(old)).isEmpty();
        assertThat(host.secrets().lookup(fresh)).isPresent();
        assertThat(driver.consoleOutput(built.uuid())).contains("not the fixture guest's program");
    }

    private ComputeDriver restart() {
        host.close(); // the test driver forgets its domains, novalab's store its secrets
        host = TestHosts.open(instances, cloud);
        driver = host.driver();
        return driver;
    }

    private static KnownInstance known(SpawnRequest r) {
        return new KnownInstance(r.uuid(), r.domainName(), PowerState.RUNNING);
    }

    static RebuildRequest rebuildOf(SpawnRequest built, String image, boolean preserveEphemeral) {
        SpawnRequest spawn = new SpawnRequest(built.uuid(), built.instanceNumber(), built.name(), built.flavor(), image,
                Map.of(), built.backend(), built.creation(), built.encryption(), Optional.empty());
        return new RebuildRequest(spawn, preserveEphemeral, false);
    }

    private static List<Path> siblingsOf(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(dir.getFileName() + ".")).toList();
        }
    }

    /** What a kill -9 at that point leaves: no rollback runs (an Error passes every {@code catch RuntimeException}). */
    static final class Killed extends Error {
        Killed(String where) {
            super("killed " + where);
        }
    }

    /** Writes the staged disk, waits until its passphrase row is committed, then the process dies. */
    private record KilledAfterStagedDisk(KeyManager keys, UUID instance) implements DiskTool {
        @Override
        public void create(Path image, CreateOptions options) {
            Disks.java().create(image, options);
            if (image.getParent().getFileName().toString().endsWith(".rebuild")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (keys.list(SecretOwner.rootDisk(instance)).size() < 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                throw new Killed("after the staged disk");
            }
        }

        @Override
        public void convert(Path source, ImageFormat f, KeyLookup k, Path target, CreateOptions options) {
            Disks.java().convert(source, f, k, target, options);
        }

        @Override
        public ImageInfo info(Path image) {
            return Disks.java().info(image);
        }

        @Override
        public CheckReport check(Path image, KeyLookup k) {
            return Disks.java().check(image, k);
        }

        @Override
        public void resize(Path image, long newSize, KeyLookup k) {
            Disks.java().resize(image, newSize, k);
        }

        @Override
        public List<MapEntry> map(Path image, KeyLookup k) {
            return Disks.java().map(image, k);
        }
    }

    /** The hypervisor of a process that dies when it comes to define a domain (a rebuild's: after the swap). */
    private static Hypervisor killedAtDefine(Hypervisor real) {
        return (Hypervisor) Proxy.newProxyInstance(Hypervisor.class.getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("define")) {
                        throw new Killed("at define, after the swap");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
