package org.novalab.compute.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.BackendKind;
import org.novalab.compute.BuildTimings;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeDriver;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.HypervisorError;
import org.novalab.compute.InvalidRequest;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskEncryption;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.domain.DomainXml;
import org.novalab.compute.domain.IoTune;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.compute.volume.FileVolumeBackend;
import org.novalab.compute.volume.RbdVolumeBackend;
import org.novalab.compute.volume.VolumeBackend;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretOwner;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * Nova's attach_volume / detach_volume on test:///default with the emulated guest: an encrypted volume (qcow2+LUKS
 * file or LUKS in an RBD image) becomes a virtio disk with its serial, its LUKS secret and the type's iotune, live
 * and in libvirt.xml; a key that unlocks nothing fails as QEMU's hotplug fails and leaves nothing; a stopped guest
 * sees the disk at its next start; detach and destroy remove the libvirt secret and never the volume's key.
 */
class VolumeAttachTest {
    static final long GIB = 1L << 30;
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;
    ComputeDriver driver;
    KeyManager keys;
    FileVolumeBackend files;
    RbdVolumeBackend rbd;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @BeforeEach
    void open() {
        keys = EmbeddedKeyManager.inStateDir(instances);
        Pool volumes = DirectoryCluster.open(instances.resolve("pool")).createPool("volumes");
        host = ComputeHost.open(ComputeConfig.defaults(instances), cloud.cache(instances), cloud.rbd(), keys,
                BuildTimings.NONE, Map.of("volumes", volumes));
        driver = host.driver();
        files = new FileVolumeBackend(instances.resolve("volumes"));
        rbd = new RbdVolumeBackend(volumes);
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void anEncryptedFileVolumeIsHotPluggedWithItsSecretAndIotuneAndDetachedLeavingTheKey() throws IOException {
        SpawnResult vm = driver.spawn(TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(),
                DiskCreation.BACKING_FILE));
        Volume v = encrypted(files);
        IoTune limits = new IoTune(Map.of("total_iops_sec", 500L, "total_bytes_sec", 10485760L));

        String device = driver.attachVolume(vm.uuid(), v.connection(files, limits), Optional.empty());

        assertThat(device).isEqualTo("vdb");
        for (String xml : new String[] {host.hypervisor().dumpXml(vm.domainName()), libvirtXml(vm)}) {
            DiskDefinition disk = volumeDisk(xml, v.id());
            assertThat(disk.source()).isEqualTo(new DiskSource.File(files.pathOf(v.id())));
            assertThat(disk.driverType()).isEqualTo("qcow2");
            assertThat(disk.targetDev()).isEqualTo("vdb");
            assertThat(disk.encryption()).contains(new DiskEncryption("luks", v.key()));
            assertThat(disk.iotune().limits()).containsExactly(Map.entry("total_bytes_sec", 10485760L),
                    Map.entry("total_iops_sec", 500L));
        }
        assertThat(libvirtXml(vm)).contains("<serial>" + v.id() + "</serial>")
                .contains("<total_iops_sec>500</total_iops_sec>");
        assertThat(host.secrets().lookup(v.key())).contains(SecretDefinition.forVolume(v.key(), v.id()));
        assertThat(driver.consoleOutput(vm.uuid())).contains("novalab: the guest sees disk vdb (serial " + v.id()
                + "): 1073741824 bytes, 2097152 512-byte sectors");
        assertThat(driver.state(vm.uuid())).isEqualTo(PowerState.RUNNING);

        driver.detachVolume(vm.uuid(), v.id());

        assertThat(libvirtXml(vm)).doesNotContain(v.id()).doesNotContain("vdb");
        assertThat(host.hypervisor().dumpXml(vm.domainName())).doesNotContain(v.id());
        assertThat(host.secrets().lookup(v.key())).isEmpty();
        assertThat(driver.consoleOutput(vm.uuid())).contains("novalab: the guest lost disk vdb");
        try (Passphrase kept = keys.get(v.key())) {
            assertThat(kept.length()).as("the volume's key is the volume's, not the instance's").isPositive();
        }
        assertThatThrownBy(() -> driver.detachVolume(vm.uuid(), v.id())).isInstanceOf(VolumeNotAttached.class);
    }

    @Test
    void rbdVolumesAreNetworkDisksAtTheNextFreeTargetsAndAnAttachedOneIsRefusedTwice() throws IOException {
        SpawnResult vm = driver.spawn(plain());
        Volume first = encrypted(rbd);
        Volume second = encrypted(rbd);

        assertThat(driver.attachVolume(vm.uuid(), first.connection(rbd, IoTune.NONE), Optional.empty()))
                .isEqualTo("vdb");
        assertThat(driver.attachVolume(vm.uuid(), second.connection(rbd, IoTune.NONE), Optional.empty()))
                .isEqualTo("vdc");

        DiskDefinition disk = volumeDisk(libvirtXml(vm), second.id());
        assertThat(disk.source()).isEqualTo(new DiskSource.Rbd("volumes", VolumeBackend.imageName(second.id())));
        assertThat(disk.source().libvirtType()).isEqualTo("network");
        assertThat(disk.driverType()).isEqualTo("raw");
        assertThat(driver.consoleOutput(vm.uuid())).contains("sees disk vdc (serial " + second.id()
                + "): 1073741824 bytes");
        assertThatThrownBy(() -> driver.attachVolume(vm.uuid(), first.connection(rbd, IoTune.NONE),
                Optional.empty())).isInstanceOf(InvalidRequest.class).hasMessageContaining("attached");
        Volume third = encrypted(rbd);
        assertThatThrownBy(() -> driver.attachVolume(vm.uuid(), third.connection(rbd, IoTune.NONE),
                Optional.of("vdc"))).isInstanceOf(InvalidRequest.class).hasMessageContaining("is in use");
        assertThat(host.secrets().lookup(third.key())).isEmpty();
    }

    @Test
    void aKeyThatUnlocksNothingFailsTheHotplugAsQemuDoesAndLeavesTheDomainAsItWas() throws IOException {
        SpawnResult vm = driver.spawn(plain());
        Volume v = encrypted(files);
        Volume other = encrypted(files);
        String before = libvirtXml(vm);
        VolumeConnection wrongKey = new VolumeConnection(v.id(), files.diskSource(v.id()), "qcow2",
                Optional.of(other.key()), IoTune.NONE);

        assertThatThrownBy(() -> driver.attachVolume(vm.uuid(), wrongKey, Optional.empty()))
                .isInstanceOf(HypervisorError.class)
                .hasMessage("internal error: unable to execute QEMU command 'blockdev-add': Invalid password, "
                        + "cannot unlock any keyslot");

        assertThat(libvirtXml(vm)).isEqualTo(before);
        assertThat(host.hypervisor().dumpXml(vm.domainName())).doesNotContain(v.id());
        assertThat(host.secrets().lookup(other.key())).isEmpty();
        assertThat(driver.consoleOutput(vm.uuid())).doesNotContain("sees disk");
        assertThat(driver.state(vm.uuid())).isEqualTo(PowerState.RUNNING);
        // the right key attaches it afterwards
        assertThat(driver.attachVolume(vm.uuid(), v.connection(files, IoTune.NONE), Optional.empty()))
                .isEqualTo("vdb");
    }

    @Test
    void aStoppedGuestGetsTheDiskInItsDefinitionSeesItAtStartAndItsDestroyKeepsTheVolumesKey() throws IOException {
        SpawnResult vm = driver.spawn(plain());
        driver.stop(vm.uuid());
        Volume v = encrypted(rbd);

        assertThat(driver.attachVolume(vm.uuid(), v.connection(rbd, IoTune.NONE), Optional.empty()))
                .isEqualTo("vdb");
        assertThat(driver.state(vm.uuid())).isEqualTo(PowerState.SHUTDOWN);
        assertThat(driver.consoleOutput(vm.uuid())).doesNotContain("sees disk");
        assertThat(volumeDisk(libvirtXml(vm), v.id()).encryption()).contains(new DiskEncryption("luks", v.key()));

        driver.start(vm.uuid());
        String console = driver.consoleOutput(vm.uuid());
        assertThat(console.substring(console.lastIndexOf("SeaBIOS"))).contains("sees disk vdb (serial " + v.id());

        driver.destroy(vm.uuid());
        assertThat(host.secrets().lookup(v.key())).as("the domain's volume secrets go with it").isEmpty();
        try (Passphrase kept = keys.get(v.key())) {
            assertThat(kept.length()).isPositive();
        }
        assertThat(rbd.exists(v.id())).isTrue();
    }

    private record Volume(String id, UUID key) {
        VolumeConnection connection(VolumeBackend backend, IoTune iotune) {
            return new VolumeConnection(id, backend.diskSource(id), backend.driverType(), Optional.of(key), iotune);
        }
    }

    private Volume encrypted(VolumeBackend backend) {
        String id = UUID.randomUUID().toString();
        try (KeyManager.NewSecret key = keys.create(SecretOwner.volume(id))) {
            backend.create(id, GIB, Optional.of(key.passphrase()), ComputeConfig.LAB_LUKS);
            return new Volume(id, key.id());
        }
    }

    private static SpawnRequest plain() {
        return TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
    }

    private static String libvirtXml(SpawnResult vm) throws IOException {
        return Files.readString(vm.instanceDir().resolve("libvirt.xml"), StandardCharsets.UTF_8);
    }

    private static DiskDefinition volumeDisk(String xml, String volumeId) {
        DomainDefinition d = DomainXml.parse(xml);
        return d.disks().stream().filter(x -> x.isVolume(volumeId)).findFirst().orElseThrow(() -> new AssertionError(
                "no disk with serial " + volumeId + " in " + xml));
    }
}
