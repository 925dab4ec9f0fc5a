package org.novalab.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.backend.EncryptionSupport;
import org.novalab.compute.hypervisor.LibvirtConnection;
import org.novalab.compute.hypervisor.LibvirtHypervisor;
import org.novalab.compute.secret.NovalabSecretStore;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.qemu.QemuImgCapabilities;

class HostProbeTest {
    /** A host without an RBD pool: the Qcow2 and Flat backends, which encrypt with both formats. */
    static final Map<BackendKind, EncryptionSupport> FILE_BACKENDS = Map.of(BackendKind.QCOW2, EncryptionSupport.all(),
            BackendKind.FLAT, EncryptionSupport.all());
    @Test
    void theTestDriverEncryptsFileDisksWithBothFormatsWhateverQemuImgCanDo() {
        try (LibvirtHypervisor test = new LibvirtHypervisor(LibvirtConnection.open("test:///default"))) {
            HostCapabilities old = HostProbe.probe(test, new NovalabSecretStore(),
                    Optional.of(new QemuImgCapabilities("2.9.0", false, true)), FILE_BACKENDS);
            assertThat(old.qemuImgLuks()).isFalse();
            assertThat(old.qemuImgVersion()).contains("2.9.0");
            assertThat(old.notes()).contains("qemu-img 2.9.0 cannot write LUKS qcow2");
            assertThat(old.canEncrypt(BackendKind.FLAT, EncryptionFormat.LUKS)).isTrue();
            assertThat(old.canEncrypt(BackendKind.RBD)).isFalse();

            HostCapabilities none = HostProbe.probe(test, new NovalabSecretStore(), Optional.empty(), FILE_BACKENDS);
            assertThat(none.qemuImgVersion()).isEmpty();
            assertThat(none.pureJavaDisks()).isTrue();
            assertThat(none.volumeEncryption()).isTrue();
        }
    }
}
