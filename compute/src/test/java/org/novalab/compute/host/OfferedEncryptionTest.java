package org.novalab.compute.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.novalab.compute.BackendKind;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.EncryptionNotSupported;
import org.novalab.compute.HostCapabilities;
import org.novalab.disk.EncryptionFormat;

/** A host offers what its probe found, or less: what it does not offer it refuses in words and has no trait for. */
class OfferedEncryptionTest {
    static final HostCapabilities BOTH = new HostCapabilities("test:///default", false, true, true,
            Optional.of("7.2.0"), false, true, Map.of(BackendKind.QCOW2, Set.of(EncryptionFormat.LUKS,
                    EncryptionFormat.AES), BackendKind.RBD, Set.of(EncryptionFormat.LUKS)), Map.of(), List.of());

    @Test
    void probed_keeps_everything() {
        assertThat(OfferedEncryption.PROBED.restrict(BOTH)).isEqualTo(BOTH);
    }

    @Test
    void luks_drops_legacy_qcow_aes_only() {
        HostCapabilities luks = OfferedEncryption.LUKS.restrict(BOTH);
        assertThat(HostTraits.of(luks)).containsExactly("COMPUTE_EPHEMERAL_ENCRYPTION",
                "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS", "CUSTOM_VOLUME_ENCRYPTION", "CUSTOM_VOLUME_ENCRYPTION_LUKS");
    }

    @Test
    void none_is_a_host_of_plain_disks_that_says_why_it_refuses() {
        HostCapabilities none = OfferedEncryption.NONE.restrict(BOTH);
        assertThat(HostTraits.of(none)).isEmpty();
        assertThatThrownBy(() -> none.requireEncryption(BackendKind.QCOW2, EncryptionChoice.luks()))
                .isInstanceOf(EncryptionNotSupported.class)
                .hasMessage("this host offers no encrypted disks ([novalab] host_encryption = none)");
        none.requireEncryption(BackendKind.QCOW2, EncryptionChoice.NONE);
    }

    @Test
    void the_option_names_its_values_in_lower_case() {
        assertThat(OfferedEncryption.ofConfigName(" None ")).isEqualTo(OfferedEncryption.NONE);
        assertThat(OfferedEncryption.LUKS.configName()).isEqualTo("luks");
    }
}
