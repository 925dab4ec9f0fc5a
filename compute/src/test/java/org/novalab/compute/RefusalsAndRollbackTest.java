package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.domain.DomainDocument;
import org.novalab.compute.hypervisor.DomainStatus;
import org.novalab.compute.hypervisor.Hypervisor;
import org.novalab.compute.secret.NovalabSecretStore;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.CheckReport;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskException;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.SecretOwner;

class RefusalsAndRollbackTest {
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @BeforeEach
    void open() {
        host = TestHosts.open(instances, cloud);
    }

    @AfterEach
    void close() {
        host.close();
    }

    /** A disk tool whose create/convert fail half-way, after leaving a partial file behind. */
    static final class FailingDisks implements DiskTool {
        @Override
        public void create(Path image, CreateOptions options) {
            fail(image);
        }

        @Override
        public void convert(Path source, ImageFormat f, KeyLookup keys, Path target, CreateOptions options) {
            fail(target);
        }

        private static void fail(Path image) {
            try {
                Files.writeString(image.resolveSibling(".disk.partial"), "half");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new DiskException("No space left on device writing " + image);
        }

        @Override
        public ImageInfo info(Path image) {
            return Disks.java().info(image);
        }

        @Override
        public CheckReport check(Path image, KeyLookup keys) {
            return Disks.java().check(image, keys);
        }

        @Override
        public void resize(Path image, long newSize, KeyLookup keys) {
            Disks.java().resize(image, newSize, keys);
        }

        @Override
        public List<MapEntry> map(Path image, KeyLookup keys) {
            return Disks.java().map(image, keys);
        }
    }

    @Test
    void aDiskThatCannotBeCreatedRollsBackTheSecretThePassphraseAndTheDirectory() {
        ComputeDriver failing = new ComputeDriver(host.driver().config(), cloud.imagesFor(instances), host.hypervisor(),
                host.secrets(), host.keys(), new FailingDisks());
        int secretsBefore = host.secrets().list().size();
        for (DiskCreation creation : DiskCreation.values()) {
            SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), creation);
            assertThatThrownBy(() -> failing.spawn(req)).isInstanceOf(DiskException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
            assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
            assertThat(host.secrets().list()).hasSize(secretsBefore);
            assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
        }
        assertThat(TestCloud.basePath(instances, TestCloud.FIXTURE)).as("the base stays").exists();
    }

    @Test
    void theSameInstanceCannotBeSpawnedTwice() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        host.driver().spawn(req);
        assertThatThrownBy(() -> host.driver().spawn(req)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("already exists");
        assertThat(host.driver().state(req.uuid())).isEqualTo(PowerState.RUNNING);
    }

    @Test
    void aSecondInstanceWithTheSameDomainNameFailsWithoutHarmingTheFirst() {
        SpawnRequest first = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        host.driver().spawn(first);
        SpawnRequest other = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        SpawnRequest clash = new SpawnRequest(other.uuid(), first.instanceNumber(), "clash", first.flavor(),
                first.imageId(), java.util.Map.of(), BackendKind.QCOW2, DiskCreation.BACKING_FILE, EncryptionChoice.NONE,
                Optional.empty());
        assertThatThrownBy(() -> host.driver().spawn(clash)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("already exists");
        assertThat(host.driver().state(first.uuid())).isEqualTo(PowerState.RUNNING);
        assertThat(instances.resolve(clash.uuid().toString())).doesNotExist();
    }

    @Test
    void anUnknownImageIsTheImageCachesErrorAndLeavesNothing() {
        SpawnRequest req = TestHosts.request("no-such-image", BackendKind.QCOW2, EncryptionChoice.luks(),
                DiskCreation.BACKING_FILE);
        assertThatThrownBy(() -> host.driver().spawn(req)).isInstanceOf(org.novalab.image.ImageNotFound.class);
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
    }

    @Test
    void aRealHypervisorWithoutSecretApiRefusesEncryptedSpawnsButNotPlainOnes() {
        Hypervisor real = new RealLooking(host.hypervisor());
        ComputeDriver driver = new ComputeDriver(host.driver().config(), cloud.imagesFor(instances), real,
                new NovalabSecretStore(), EmbeddedKeyManager.inStateDir(instances), Disks.java());
        assertThat(driver.capabilities().volumeEncryption()).isFalse();
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        assertThatThrownBy(() -> driver.spawn(req)).isInstanceOf(EncryptionNotSupported.class)
                .hasMessageContaining("this host cannot run encrypted disks with the QCOW2 backend")
                .hasMessageContaining("without libvirt's secret API");
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
    }

    @Test
    void theTestDriverHostCanEncryptQcow2AndFlatBothWaysAndRbdWithLuksOnly() {
        HostCapabilities caps = host.driver().capabilities();
        assertThat(caps.realGuests()).isFalse();
        assertThat(caps.emulatedSecrets()).isTrue();
        assertThat(caps.canEncrypt(BackendKind.QCOW2, org.novalab.disk.EncryptionFormat.LUKS)).isTrue();
        assertThat(caps.canEncrypt(BackendKind.FLAT, org.novalab.disk.EncryptionFormat.AES)).isTrue();
        assertThat(caps.canEncrypt(BackendKind.RBD, org.novalab.disk.EncryptionFormat.LUKS)).isTrue();
        assertThat(caps.canEncrypt(BackendKind.RBD, org.novalab.disk.EncryptionFormat.AES)).isFalse();
        assertThat(caps.pureJavaDisks()).isTrue();
    }

    /** The test driver claiming to run real guests: a real host whose libvirt has no secret driver. */
    private record RealLooking(Hypervisor d) implements Hypervisor {
        public String uri() { return "qemu:///system"; }
        public boolean runsRealGuests() { return true; }
        public void define(DomainDocument domain) { d.define(domain); }
        public void attachDisk(String n, DomainDocument u, org.novalab.compute.domain.DiskDefinition k, boolean l) {
            d.attachDisk(n, u, k, l);
        }
        public void detachDisk(String n, DomainDocument u, org.novalab.compute.domain.DiskDefinition k, boolean l) {
            d.detachDisk(n, u, k, l);
        }
        public void defineXml(String xml) { d.defineXml(xml); }
        public void start(String name) { d.start(name); }
        public void powerOff(String name) { d.powerOff(name); }
        public void pause(String name) { d.pause(name); }
        public void unpause(String name) { d.unpause(name); }
        public void setUserPassword(String name, String user, org.novalab.disk.Passphrase p) { d.setUserPassword(name, user, p); }
        public void managedSave(String name) { d.managedSave(name); }
        public boolean hasManagedSave(String name) { return d.hasManagedSave(name); }
        public void removeManagedSave(String name) { d.removeManagedSave(name); }
        public void reboot(String name) { d.reboot(name); }
        public void undefine(String name) { d.undefine(name); }
        public Optional<DomainStatus> lookup(String name) { return d.lookup(name); }
        public Optional<DomainStatus> lookup(UUID uuid) { return d.lookup(uuid); }
        public List<DomainStatus> list() { return d.list(); }
        public String dumpXml(String name) { return d.dumpXml(name); }
        public org.novalab.compute.hypervisor.DomainStats stats(String name) { return d.stats(name); }
        public void close() { }
    }
}
