package org.novalab.compute.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.BackendKind;
import org.novalab.compute.BuildTimings;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.domain.IoTune;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.compute.volume.FileVolumeBackend;
import org.novalab.compute.volume.RbdVolumeBackend;
import org.novalab.compute.volume.VolumeBackend;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.KeyManager;
import org.novalab.keys.SecretOwner;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;
import org.novalab.testing.RealTools;

/** libvirt's RNG schema (virt-xml-validate) accepts libvirt.xml with an attached LUKS file and rbd volume and iotune. */
@Tag("integration")
class VolumeAttachXmlValidateIT {
    @TempDir
    Path instances;

    @Test
    void virtXmlValidateAcceptsLibvirtXmlWithAttachedEncryptedVolumes() throws Exception {
        TestCloud cloud = TestCloud.create(instances.resolve("cloud"));
        KeyManager keys = EmbeddedKeyManager.inStateDir(instances);
        Pool pool = DirectoryCluster.open(instances.resolve("pool")).createPool("volumes");
        try (ComputeHost host = ComputeHost.open(ComputeConfig.defaults(instances), cloud.cache(instances),
                cloud.rbd(), keys, BuildTimings.NONE, Map.of("volumes", pool))) {
            SpawnResult vm = host.driver().spawn(TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(),
                    DiskCreation.BACKING_FILE));
            attach(host, keys, vm, new FileVolumeBackend(instances.resolve("volumes")),
                    new IoTune(Map.of("read_iops_sec", 300L, "write_iops_sec", 200L, "total_bytes_sec", 1048576L)));
            attach(host, keys, vm, new RbdVolumeBackend(pool), new IoTune(Map.of("total_iops_sec", 500L)));

            Path xml = vm.instanceDir().resolve("libvirt.xml");
            String text = java.nio.file.Files.readString(xml, StandardCharsets.UTF_8);
            assertThat(text).contains("<target bus=\"virtio\" dev=\"vdc\"/>").contains("<iotune>");
            Path tool = RealTools.require("virt-xml-validate", "libvirt-clients");
            Process p = new ProcessBuilder(tool.toString(), xml.toString(), "domain").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out + "\n" + text).isZero();
            assertThat(out).contains("validates");
        }
    }

    private static void attach(ComputeHost host, KeyManager keys, SpawnResult vm, VolumeBackend backend,
            IoTune iotune) {
        String id = UUID.randomUUID().toString();
        try (KeyManager.NewSecret key = keys.create(SecretOwner.volume(id))) {
            backend.create(id, 1L << 30, Optional.of(key.passphrase()), ComputeConfig.LAB_LUKS);
            host.driver().attachVolume(vm.uuid(), new VolumeConnection(id, backend.diskSource(id),
                    backend.driverType(), Optional.of(key.id()), iotune), Optional.empty());
        }
    }
}
