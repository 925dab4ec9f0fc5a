package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.secret.SecretPrivate;
import org.novalab.compute.secret.SecretXml;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.fixture.FixtureGuest;
import org.novalab.imagecache.BaseImage;
import org.novalab.keys.SecretOwner;

/** spawn, stop/start/reboot, destroy and reconcile on test:///default with the emulated boot. */
class SpawnLifecycleTest {
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

    @Test
    void aLuksOverlayInstanceHasNovasFilesItsSecretAndBoots() throws Exception {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        SpawnResult r = driver.spawn(req);

        Path dir = instances.resolve(req.uuid().toString());
        assertThat(r.instanceDir()).isEqualTo(dir);
        assertThat(r.domainName()).isEqualTo(String.format("instance-%08x", req.instanceNumber()));
        assertThat(r.state()).isEqualTo(PowerState.RUNNING);
        assertThat(dir.resolve("disk")).exists();
        assertThat(new ObjectMapper().readValue(dir.resolve("disk.info").toFile(), Map.class))
                .isEqualTo(Map.of(dir.resolve("disk").toString(), "qcow2"));

        SecretDefinition secret = SecretXml.parse(Files.readString(dir.resolve("secret.xml")));
        assertThat(secret.uuid()).isEqualTo(r.secretUuid().orElseThrow());
        assertThat(secret.isPrivate()).isTrue();
        assertThat(secret.ephemeral()).isFalse();
        assertThat(secret.usageVolume()).isEqualTo(dir.resolve("disk").toString());
        assertThatThrownBy(() -> host.secrets().value(secret.uuid())).isInstanceOf(SecretPrivate.class)
                .hasMessageContaining("secret is private");

        DomainDefinition d = DomainXml.parse(Files.readString(dir.resolve("libvirt.xml")));
        assertThat(d.name()).isEqualTo(r.domainName());
        assertThat(d.uuid()).isEqualTo(req.uuid());
        assertThat(d.memoryKib()).isEqualTo(64 * 1024);
        assertThat(d.vcpus()).isEqualTo(1);
        assertThat(d.consoleLog()).contains(dir.resolve("console.log"));
        assertThat(d.bootDisk().orElseThrow().source()).isEqualTo(new DiskSource.File(dir.resolve("disk")));
        assertThat(d.bootDisk().orElseThrow().driverType()).isEqualTo("qcow2");
        assertThat(d.bootDisk().orElseThrow().encryption().orElseThrow().format()).isEqualTo("luks");
        assertThat(d.bootDisk().orElseThrow().encryption().orElseThrow().secretUuid()).isEqualTo(secret.uuid());
        // what libvirt holds is the same domain
        assertThat(DomainXml.parse(host.hypervisor().dumpXml(r.domainName())).bootDisk())
                .isEqualTo(d.bootDisk());

        assertThat(r.console()).startsWith("SeaBIOS (version").contains("Booting from Hard Disk...")
                .endsWith(FixtureGuest.BANNER);
        assertThat(r.fault()).isEmpty();
        assertThat(driver.consoleOutput(req.uuid())).isEqualTo(r.console());
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).singleElement()
                .satisfies(row -> assertThat(row.id()).isEqualTo(secret.uuid()));
    }

    @Test
    void concurrentSpawnsFromWorkerThreadsAllBoot() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<SpawnResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                EncryptionChoice c = i % 3 == 0 ? EncryptionChoice.NONE : i % 3 == 1 ? EncryptionChoice.luks()
                        : EncryptionChoice.legacyAes();
                DiskCreation creation = i % 2 == 0 ? DiskCreation.BACKING_FILE : DiskCreation.CONVERT;
                SpawnRequest req = TestHosts.request(BackendKind.QCOW2, c, creation);
                results.add(pool.submit(() -> driver.spawn(req)));
            }
            for (var f : results) {
                SpawnResult r = f.get();
                assertThat(r.state()).isEqualTo(PowerState.RUNNING);
                assertThat(r.console()).endsWith(FixtureGuest.BANNER);
            }
            assertThat(host.keys().list(SecretOwner.rootDisk(results.get(1).get().uuid()))).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stopStartAndRebootKeepTheDomainAndAppendToTheConsole() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        driver.spawn(req);

        driver.stop(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.SHUTDOWN);
        driver.start(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        driver.reboot(req.uuid());
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);

        assertThat(driver.consoleOutput(req.uuid()).split("novalab fixture guest: booted from disk", -1)).hasSize(4);
    }

    @Test
    void destroyRemovesDomainSecretPassphraseAndDirectoryButKeepsTheBase() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        SpawnResult r = driver.spawn(req);
        Path base = TestCloud.basePath(instances, TestCloud.FIXTURE);

        driver.destroy(req.uuid());

        assertThat(host.hypervisor().lookup(r.domainName())).isEmpty();
        assertThat(host.secrets().lookup(r.secretUuid().orElseThrow())).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
        assertThat(r.instanceDir()).doesNotExist();
        assertThat(base).exists();
        assertThatThrownBy(() -> driver.consoleOutput(req.uuid())).isInstanceOf(InstanceNotFound.class);
        driver.destroy(req.uuid()); // idempotent, like Nova's
    }

    @Test
    void destroyStillUndefinesTheSecretWhenTheInstanceDirectoryIsAlreadyGone() throws Exception {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        SpawnResult r = driver.spawn(req);
        org.novalab.compute.instance.InstanceDirs.remove(r.instanceDir());

        driver.destroy(req.uuid());

        assertThat(host.hypervisor().lookup(r.domainName())).isEmpty();
        assertThat(host.secrets().lookup(r.secretUuid().orElseThrow())).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
    }

    @Test
    void aLuksDiskOpenedWithAnotherInstancesSecretFailsLikeQemuAndLeavesNothingBehind() {
        SpawnResult other = driver.spawn(
                TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE));
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE)
                .withSecretOverride(other.secretUuid().orElseThrow().toString());
        int secretsBefore = host.secrets().list().size();

        assertThatThrownBy(() -> driver.spawn(req)).isInstanceOf(BootFailed.class)
                .hasMessageContaining("Invalid password, cannot unlock any keyslot");

        assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
        assertThat(host.secrets().list()).hasSize(secretsBefore);
    }

    @Test
    void aSecretUuidThatDoesNotExistFailsTheStartWithLibvirtsMessage() {
        UUID missing = UUID.randomUUID();
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE)
                .withSecretOverride(missing.toString());
        assertThatThrownBy(() -> driver.spawn(req)).isInstanceOf(BootFailed.class)
                .hasMessage("Secret not found: no secret with matching uuid '" + missing + "'");
    }

    @Test
    void aFlavorDiskSmallerThanTheImageIsRefusedBeforeAnythingIsCreated() {
        Flavor tiny = new Flavor("0", "too-small", 1, 64, 0, Map.of());
        SpawnRequest ok = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        // rootGb 0 means "the image's size", like Nova
        SpawnRequest zero = new SpawnRequest(ok.uuid(), ok.instanceNumber(), "", tiny, TestCloud.FIXTURE, Map.of(),
                BackendKind.QCOW2, DiskCreation.BACKING_FILE, EncryptionChoice.NONE, Optional.empty());
        assertThat(driver.spawn(zero).state()).isEqualTo(PowerState.RUNNING);

        BaseImage big = new BaseImage("big", TestCloud.basePath(instances, TestCloud.FIXTURE),
                org.novalab.disk.ImageFormat.RAW, 3L << 30, false);
        ComputeDriver bigImages = new ComputeDriver(driver.config(), id -> big, host.hypervisor(), host.secrets(),
                host.keys(), org.novalab.disk.Disks.java());
        SpawnRequest req = TestHosts.request("big", BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        assertThatThrownBy(() -> bigImages.spawn(req)).isInstanceOf(FlavorDiskSmallerThanImage.class)
                .hasMessage("Flavor's disk is too small for requested image. Flavor disk is 1073741824 bytes, "
                        + "image is 3221225472 bytes.");
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
    }

    @Test
    void legacyAesOnTheRbdBackendIsRefusedClearly() {
        SpawnRequest req = TestHosts.request(BackendKind.RBD, new EncryptionChoice(Optional.of(
                org.novalab.disk.EncryptionFormat.AES)), DiskCreation.BACKING_FILE);
        assertThatThrownBy(() -> driver.spawn(req)).isInstanceOf(EncryptionNotSupported.class)
                .hasMessageContaining("the Rbd backend encrypts with LUKS only");
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
    }

    @Test
    void aDiskWithoutABootSectorRunsTheDomainButTheFirmwareFindsNoBootableDevice() {
        SpawnRequest req = TestHosts.request(TestCloud.BLANK, BackendKind.QCOW2, EncryptionChoice.NONE,
                DiskCreation.BACKING_FILE);
        SpawnResult r = driver.spawn(req);
        assertThat(r.state()).isEqualTo(PowerState.RUNNING);
        assertThat(r.console()).contains("Boot failed: not a bootable disk").endsWith("No bootable device.\r\n");
        assertThat(r.fault()).hasValueSatisfying(f -> assertThat(f).contains("No bootable device."));
    }

    @Test
    void aBootSectorThatIsNotTheFixtureBootsButItsRunIsNotEmulated() {
        SpawnRequest req = TestHosts.request(TestCloud.OTHER_BOOTABLE, BackendKind.QCOW2, EncryptionChoice.luks(),
                DiskCreation.CONVERT);
        SpawnResult r = driver.spawn(req);
        assertThat(r.state()).isEqualTo(PowerState.RUNNING);
        assertThat(r.console()).contains("Booting from Hard Disk...", "not the fixture guest's program")
                .doesNotContain("No bootable device", "novalab fixture guest");
        assertThat(r.fault()).isEmpty();
    }

    @Test
    void afterARestartReconcileRedefinesRestoresTheSecretAndRestartsWhatShouldRun() {
        SpawnRequest running = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        SpawnRequest stopped = TestHosts.request(BackendKind.FLAT, EncryptionChoice.NONE, DiskCreation.CONVERT);
        driver.spawn(running);
        driver.spawn(stopped);
        driver.stop(stopped.uuid());
        host.close(); // the test driver forgets its domains, novalab's store its secrets

        host = TestHosts.open(instances, cloud);
        driver = host.driver();
        UUID gone = UUID.randomUUID();
        ReconcileReport report = driver.reconcile(List.of(
                new KnownInstance(running.uuid(), running.domainName(), PowerState.RUNNING),
                new KnownInstance(stopped.uuid(), stopped.domainName(), PowerState.SHUTDOWN),
                new KnownInstance(gone, "instance-00000000", PowerState.RUNNING)));

        assertThat(report.fixed()).extracting(ReconcileReport.Entry::uuid)
                .containsExactlyInAnyOrder(running.uuid(), stopped.uuid());
        assertThat(report.flagged()).extracting(ReconcileReport.Entry::uuid).containsExactly(gone);
        assertThat(driver.state(running.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(driver.state(stopped.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(driver.consoleOutput(running.uuid()).split("booted from disk", -1)).hasSize(3);

        ReconcileReport again = driver.reconcile(List.of(
                new KnownInstance(running.uuid(), running.domainName(), PowerState.RUNNING)));
        assertThat(again.consistent()).extracting(ReconcileReport.Entry::uuid).containsExactly(running.uuid());
        assertThat(again.orphans()).extracting(ReconcileReport.Entry::uuid).contains(stopped.uuid());
    }
}
