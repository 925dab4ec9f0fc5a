package org.novalab.compute.rescue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.KnownInstance;
import org.novalab.compute.ReconcileReport;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.Passphrase;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.NewImage;
import org.novalab.keys.SecretOwner;

/**
 * Nova's legacy libvirt rescue on test:///default with the emulated boot: the rescue domain boots a rescue disk
 * made from a rescue image and still opens the instance's encrypted root disk with its secret; unrescue gives the
 * domain back as it was; a restart keeps a rescued server rescued and undoes a rescue it cut short.
 */
class RescueTest {
    /** A rescue image: the fixture guest whose banner sectors say so, to tell from the console which disk booted. */
    static final String RESCUE_IMAGE = "9b2c6c1e-4f0e-4d57-9a64-3c1d2e5f6a7b";
    static final String RESCUE_BANNER = "novalab rescue guest: booted from disk.rescue\r\n";

    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;
    ComputeDriver driver;

    @BeforeAll
    static void cloud() throws IOException {
        cloud = TestCloud.create(shared);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        FixtureGuest.writeTo(image);
        byte[] bytes = image.toByteArray();
        byte[] banner = RESCUE_BANNER.getBytes(StandardCharsets.US_ASCII);
        int at = (int) FixtureGuest.BANNER_LBA * FixtureGuest.SECTOR;
        java.util.Arrays.fill(bytes, at, at + FixtureGuest.BANNER_SECTORS * FixtureGuest.SECTOR, (byte) 0);
        System.arraycopy(banner, 0, bytes, at, banner.length);
        cloud.glance().create(NewImage.named("rescue", "raw", "bare").withId(RESCUE_IMAGE));
        cloud.glance().upload(RESCUE_IMAGE, new ByteArrayInputStream(bytes));
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
    void theRescueDomainBootsTheRescueDiskAndOpensTheEncryptedRootDiskSecondWithItsSecret() {
        SpawnRequest req = luks();
        SpawnResult spawned = driver.spawn(req);
        UUID secret = spawned.secretUuid().orElseThrow();
        String before = host.hypervisor().dumpXml(spawned.domainName());

        driver.rescue(rescueOf(req, RESCUE_IMAGE));

        Path dir = spawned.instanceDir();
        DomainDefinition rescue = DomainXml.parse(host.hypervisor().dumpXml(spawned.domainName()));
        assertThat(rescue.disks()).hasSize(2);
        DiskDefinition first = rescue.disks().get(0);
        assertThat(first.source()).isEqualTo(new DiskSource.File(dir.resolve("disk.rescue").toAbsolutePath()));
        assertThat(first.targetDev()).isEqualTo("vda");
        assertThat(first.encryption()).as("Nova's rescue disk carries no encryption").isEmpty();
        DiskDefinition second = rescue.disks().get(1);
        assertThat(second.source()).isEqualTo(new DiskSource.File(dir.resolve("disk").toAbsolutePath()));
        assertThat(second.targetDev()).isEqualTo("vdb");
        assertThat(second.encryption()).contains(new DiskEncryption("luks", secret));
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        // the last boot ran the rescue image's guest
        String console = driver.consoleOutput(req.uuid());
        assertThat(console.substring(console.lastIndexOf("SeaBIOS"))).contains(RESCUE_BANNER)
                .doesNotContain(FixtureGuest.BANNER);
        // the domain as libvirt had it once powered off (Nova's manager powers the guest off before the driver keeps it)
        assertThat(dir.resolve("unrescue.xml")).content(StandardCharsets.UTF_8).isEqualTo(inactive(before));
        assertThat(dir.resolve("libvirt.xml")).content(StandardCharsets.UTF_8).contains("disk.rescue");

        // qemu-img's view: an overlay of the rescue image's _base, at the image's size, not encrypted
        ImageInfo info = Disks.java().info(dir.resolve("disk.rescue"));
        assertThat(info.encrypted()).isFalse();
        assertThat(info.virtualSize()).isEqualTo(FixtureGuest.SIZE);
        assertThat(Path.of(info.fullBackingFilename())).isEqualTo(TestCloud.basePath(instances, RESCUE_IMAGE)
                .toAbsolutePath());
        // the guest wrote its marker on the disk it booted: the rescue disk, in its own overlay
        assertThat(info.actualSize()).isPositive();
    }

    @Test
    void unrescueDefinesTheDomainAsItWasAndRemovesTheRescueFilesButNotTheKey() {
        SpawnRequest req = luks();
        SpawnResult spawned = driver.spawn(req);
        UUID secret = spawned.secretUuid().orElseThrow();
        String before = host.hypervisor().dumpXml(spawned.domainName());
        driver.rescue(rescueOf(req, req.imageId()));

        driver.unrescue(req.uuid());

        assertThat(inactive(host.hypervisor().dumpXml(spawned.domainName()))).isEqualTo(inactive(before));
        assertThat(spawned.instanceDir().resolve("disk.rescue")).doesNotExist();
        assertThat(spawned.instanceDir().resolve("unrescue.xml")).doesNotExist();
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        String console = driver.consoleOutput(req.uuid());
        assertThat(console.substring(console.lastIndexOf("SeaBIOS"))).contains(FixtureGuest.BANNER);
        assertThat(host.secrets().lookup(secret)).isPresent();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).hasSize(1);
        assertThatThrownBy(() -> driver.unrescue(req.uuid())).isInstanceOf(InvalidRequest.class)
                .hasMessage("Instance " + req.uuid() + " is not in rescue mode");
    }

    @Test
    void aRootDiskTheRescueGuestCannotUnlockRefusesTheRescueAndTheDomainIsPutBack() {
        SpawnRequest req = luks();
        SpawnResult spawned = driver.spawn(req);
        String before = host.hypervisor().dumpXml(spawned.domainName());
        try (Passphrase wrong = Passphrase.of("not the disk's passphrase")) {
            host.secrets().setValue(spawned.secretUuid().orElseThrow(), wrong);
        }

        assertThatThrownBy(() -> driver.rescue(rescueOf(req, RESCUE_IMAGE)))
                .hasMessageContaining("Invalid password, cannot unlock any keyslot");

        assertThat(inactive(host.hypervisor().dumpXml(spawned.domainName()))).isEqualTo(inactive(before));
        assertThat(spawned.instanceDir().resolve("disk.rescue")).doesNotExist();
        assertThat(spawned.instanceDir().resolve("unrescue.xml")).doesNotExist();
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.SHUTDOWN);
    }

    @Test
    void aRestartKeepsARescuedServerRescuedAndItsUnrescueStillWorks() {
        SpawnRequest req = luks();
        SpawnResult spawned = driver.spawn(req);
        String before = host.hypervisor().dumpXml(spawned.domainName());
        driver.rescue(rescueOf(req, RESCUE_IMAGE));
        host.close(); // the test driver forgets its domains, novalab's store its secrets

        host = TestHosts.open(instances, cloud);
        driver = host.driver();
        ReconcileReport report = driver.reconcile(List.of(
                new KnownInstance(req.uuid(), req.domainName(), PowerState.RUNNING)));

        assertThat(report.flagged()).isEmpty();
        DomainDefinition domain = DomainXml.parse(host.hypervisor().dumpXml(spawned.domainName()));
        assertThat(domain.disks()).extracting(DiskDefinition::targetDev).containsExactly("vda", "vdb");
        assertThat(domain.bootDisk().orElseThrow().source().toString()).contains("disk.rescue");
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);

        driver.unrescue(req.uuid());
        assertThat(DomainXml.parse(host.hypervisor().dumpXml(spawned.domainName())))
                .isEqualTo(DomainXml.parse(before));
    }

    @Test
    void aRescueARestartCutShortIsUndone() {
        SpawnRequest req = luks();
        SpawnResult spawned = driver.spawn(req);
        String before = host.hypervisor().dumpXml(spawned.domainName());
        driver.rescue(rescueOf(req, RESCUE_IMAGE));
        host.close();

        host = TestHosts.open(instances, cloud);
        driver = host.driver();
        assertThat(driver.undoRescue(req.uuid())).isTrue();
        driver.reconcile(List.of(new KnownInstance(req.uuid(), req.domainName(), PowerState.RUNNING)));

        assertThat(DomainXml.parse(host.hypervisor().dumpXml(spawned.domainName())))
                .isEqualTo(DomainXml.parse(before));
        assertThat(Files.exists(spawned.instanceDir().resolve("disk.rescue"))).isFalse();
        assertThat(driver.state(req.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(driver.undoRescue(req.uuid())).as("nothing left to undo").isFalse();
    }

    @Test
    void deletingARescuedServerRemovesTheRescueDiskTheSecretAndTheKey() {
        SpawnRequest req = luks();
        SpawnResult spawned = driver.spawn(req);
        driver.rescue(rescueOf(req, RESCUE_IMAGE));

        driver.destroy(req.uuid());

        assertThat(spawned.instanceDir()).doesNotExist();
        assertThat(host.hypervisor().lookup(req.uuid())).isEmpty();
        assertThat(host.secrets().lookup(spawned.secretUuid().orElseThrow())).isEmpty();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
    }

    @Test
    void aVolumeBackedServerIsNotRescued() {
        SpawnRequest req = TestHosts.request(BackendKind.RBD, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        driver.spawn(req);
        assertThatThrownBy(() -> driver.rescue(new RescueRequest(req.ref(), req.imageId(), BackendKind.RBD,
                DiskCreation.BACKING_FILE))).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("Cannot rescue a volume-backed instance");
    }

    /** The XML without what only a running domain has (its {@code id}): what libvirt keeps of it. */
    static String inactive(String domainXml) {
        return domainXml.replaceFirst("^<domain type='qemu' id='[0-9]+'>", "<domain type='qemu'>");
    }

    static SpawnRequest luks() {
        return TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
    }

    static RescueRequest rescueOf(SpawnRequest req, String image) {
        return new RescueRequest(req.ref(), image, req.backend(), req.creation());
    }
}
