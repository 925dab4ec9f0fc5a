package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.novalab.disk.EncryptionFormat;

class EncryptionChoiceTest {
    @Test
    void nothingSaidMeansNoEncryption() {
        assertThat(EncryptionChoice.resolve(Map.of(), Map.of())).isEqualTo(EncryptionChoice.NONE);
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption_format", "luks"), Map.of()).enabled())
                .as("a format alone does not enable encryption").isFalse();
    }

    @Test
    void theFlavorOrTheImageEnablesItAndLuksIsTheDefaultFormat() {
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "true"), Map.of()))
                .isEqualTo(EncryptionChoice.luks());
        assertThat(EncryptionChoice.resolve(Map.of(), Map.of("hw_ephemeral_encryption", "True")))
                .isEqualTo(EncryptionChoice.luks());
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "true"),
                Map.of("hw_ephemeral_encryption_format", "qcow")).format()).contains(EncryptionFormat.AES);
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "true",
                "hw:ephemeral_encryption_format", "qcow"), Map.of()).libvirtFormat()).contains("qcow");
    }

    @Test
    void theDeploymentsPolicyEncryptsWhatSaysNothingInItsDefaultFormatAndAnExplicitFalseStillWins() {
        EncryptionChoice.Defaults all = new EncryptionChoice.Defaults(true, EncryptionFormat.AES);
        assertThat(EncryptionChoice.resolve(Map.of(), Map.of(), all)).isEqualTo(EncryptionChoice.legacyAes());
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption_format", "luks"), Map.of(), all))
                .as("the flavor's format wins over default_format").isEqualTo(EncryptionChoice.luks());
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "false"), Map.of(), all))
                .isEqualTo(EncryptionChoice.NONE);
        assertThat(EncryptionChoice.resolve(Map.of(), Map.of("hw_ephemeral_encryption", "no"), all))
                .isEqualTo(EncryptionChoice.NONE);
        EncryptionChoice.Defaults qcowWhenAsked = new EncryptionChoice.Defaults(false, EncryptionFormat.AES);
        assertThat(EncryptionChoice.resolve(Map.of(), Map.of(), qcowWhenAsked)).isEqualTo(EncryptionChoice.NONE);
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "true"), Map.of(), qcowWhenAsked))
                .isEqualTo(EncryptionChoice.legacyAes());
        assertThat(EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "true"), Map.of()))
                .as("Nova's defaults keep what existing flavors did").isEqualTo(EncryptionChoice.luks());
    }

    @Test
    void conflictingFlavorAndImageSettingsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "true"),
                Map.of("hw_ephemeral_encryption", "false"))).isInstanceOf(InvalidRequest.class)
                .hasMessage("Conflicting ephemeral encryption settings: the flavor has hw:ephemeral_encryption=true "
                        + "but the image has hw_ephemeral_encryption=false");
        assertThatThrownBy(() -> EncryptionChoice.resolve(
                Map.of("hw:ephemeral_encryption", "true", "hw:ephemeral_encryption_format", "luks"),
                Map.of("hw_ephemeral_encryption_format", "qcow"))).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("hw:ephemeral_encryption_format=luks")
                .hasMessageContaining("hw_ephemeral_encryption_format=qcow");
        assertThatThrownBy(() -> EncryptionChoice.resolve(Map.of("hw:ephemeral_encryption", "maybe"), Map.of()))
                .hasMessage("Invalid value 'maybe' for hw:ephemeral_encryption: expected true or false");
        assertThatThrownBy(() -> EncryptionChoice.resolve(
                Map.of("hw:ephemeral_encryption", "true", "hw:ephemeral_encryption_format", "plain"), Map.of()))
                .hasMessage("Invalid value 'plain' for hw:ephemeral_encryption_format: expected luks or qcow");
    }

    @Test
    void theLabKnobChoosesTheCreationMethodFromFlavorOrImage() {
        assertThat(DiskCreation.resolve(Map.of(), Map.of(), DiskCreation.BACKING_FILE)).isEqualTo(DiskCreation.BACKING_FILE);
        assertThat(DiskCreation.resolve(Map.of("novalab:disk_creation", "convert"), Map.of(), DiskCreation.BACKING_FILE))
                .isEqualTo(DiskCreation.CONVERT);
        assertThat(DiskCreation.resolve(Map.of(), Map.of("novalab_disk_creation", "convert"), DiskCreation.BACKING_FILE))
                .isEqualTo(DiskCreation.CONVERT);
        assertThatThrownBy(() -> DiskCreation.resolve(Map.of("novalab:disk_creation", "backing_file"),
                Map.of("novalab_disk_creation", "convert"), DiskCreation.BACKING_FILE))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("Conflicting disk creation methods");
    }

    @Test
    void aResolvedRequestCarriesBoth() {
        Flavor f = new Flavor("9", "enc", 1, 64, 1, Map.of("hw:ephemeral_encryption", "true",
                "hw:ephemeral_encryption_format", "qcow", "novalab:disk_creation", "convert"));
        SpawnRequest r = SpawnRequest.resolved(java.util.UUID.randomUUID(), 42, "vm", f, "img", Map.of(), BackendKind.QCOW2);
        assertThat(r.encryption()).isEqualTo(EncryptionChoice.legacyAes());
        assertThat(r.creation()).isEqualTo(DiskCreation.CONVERT);
        assertThat(r.domainName()).isEqualTo("instance-0000002a");
    }
}
