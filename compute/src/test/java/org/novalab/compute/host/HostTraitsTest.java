package org.novalab.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.novalab.compute.BackendKind;
import org.novalab.compute.HostCapabilities;
import org.novalab.disk.EncryptionFormat;

/** The traits a host reports are Nova's names where Nova has one, custom ones (CUSTOM_) where it has none. */
class HostTraitsTest {
    static HostCapabilities caps(Map<BackendKind, Set<EncryptionFormat>> encryption) {
        return new HostCapabilities("qemu:///system", true, true, true, Optional.of("7.2.0"), true, false, encryption,
                Map.of(), List.of());
    }

    @Test
    void a_real_libvirt_host_reports_novas_luks_traits_and_cloudstacks_volume_encryption() {
        Set<String> traits = HostTraits.of(caps(Map.of(BackendKind.QCOW2, Set.of(EncryptionFormat.LUKS),
                BackendKind.FLAT, Set.of(EncryptionFormat.LUKS), BackendKind.RBD, Set.of(EncryptionFormat.LUKS))));
        assertThat(traits).containsExactly("COMPUTE_EPHEMERAL_ENCRYPTION", "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS",
                "CUSTOM_VOLUME_ENCRYPTION", "CUSTOM_VOLUME_ENCRYPTION_LUKS");
    }

    @Test
    void legacy_qcow_aes_has_a_custom_trait_since_nova_offers_luks_only() {
        Set<String> traits = HostTraits.of(caps(Map.of(BackendKind.QCOW2,
                Set.of(EncryptionFormat.LUKS, EncryptionFormat.AES))));
        assertThat(traits).containsExactly("COMPUTE_EPHEMERAL_ENCRYPTION", "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS",
                "CUSTOM_EPHEMERAL_ENCRYPTION_QCOW_AES");
        assertThat(traits).allMatch(t -> t.matches("[A-Z0-9_]{1,255}"), "placement's trait name syntax");
    }

    @Test
    void a_host_that_cannot_encrypt_reports_no_encryption_trait() {
        assertThat(HostTraits.of(caps(Map.of(BackendKind.QCOW2, Set.of(), BackendKind.RBD, Set.of())))).isEmpty();
    }

    @Test
    void the_trait_a_request_needs_follows_its_backend() {
        assertThat(HostTraits.encryption(BackendKind.QCOW2)).isEqualTo("COMPUTE_EPHEMERAL_ENCRYPTION");
        assertThat(HostTraits.encryption(BackendKind.FLAT)).isEqualTo("COMPUTE_EPHEMERAL_ENCRYPTION");
        assertThat(HostTraits.encryption(BackendKind.RBD)).isEqualTo("CUSTOM_VOLUME_ENCRYPTION");
        assertThat(HostTraits.encryption(BackendKind.RBD, EncryptionFormat.AES))
                .isEqualTo("CUSTOM_VOLUME_ENCRYPTION_QCOW_AES");
    }
}
