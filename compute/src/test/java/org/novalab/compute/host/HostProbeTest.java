package org.novalab.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.compute.hypervisor.LibvirtConnection;
import org.novalab.compute.hypervisor.LibvirtHypervisor;
import org.novalab.compute.secret.NovalabSecretStore;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.qemu.QemuImgCapabilities;

class HostProbeTest {
    @Test
    void theTestDriverEncryptsFileDisksWithBothFormatsWhateverQemuImgCanDo() {
        try (LibvirtHypervisor test = new LibvirtHypervisor(LibvirtConnection.open("test:///default"))) {
            HostCapabilities old = HostProbe.probe(test, new NovalabSecretStore(),
                    Optional.of(new QemuImgCapabilities("2.9.0", false, true)));
            assertThat(old.qemuImgLuks()).isFalse();
            assertThat(old.qemuImgVersion()).contains("2.9.0");
            assertThat(old.notes()).contains("qemu-img 2.9.0 cannot write LUKS qcow2");
            assertThat(old.canEncrypt(BackendKind.FLAT, EncryptionFormat.LUKS)).isTrue();
            assertThat(old.canEncrypt(BackendKind.RBD)).isFalse();

            HostCapabilities none = HostProbe.probe(test, new NovalabSecretStore(), Optional.empty());
            assertThat(none.qemuImgVersion()).isEmpty();
            assertThat(none.pureJavaDisks()).isTrue();
            assertThat(none.volumeEncryption()).isTrue();
        }
    }
}
