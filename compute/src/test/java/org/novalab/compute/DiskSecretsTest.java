package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.secret.NovalabSecretStore;
import org.novalab.compute.secret.SecretDefinition;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.KeyManager;
import org.novalab.keys.KeyManagerException;
import org.novalab.keys.SecretOwner;

/** A root disk's libvirt secret defined again from the key manager: with its value, or not at all. */
class DiskSecretsTest {
    @TempDir
    Path state;

    private final NovalabSecretStore libvirt = new NovalabSecretStore();

    @Test
    void a_missing_secret_is_defined_again_with_the_key_managers_passphrase() {
        EmbeddedKeyManager keys = EmbeddedKeyManager.inStateDir(state);
        UUID id;
        try (KeyManager.NewSecret made = keys.generate(SecretOwner.rootDisk(UUID.randomUUID()))) {
            keys.store(made);
            id = made.id();
        }
        DiskSecrets secrets = new DiskSecrets(libvirt, keys);

        assertThat(secrets.restore(SecretDefinition.forVolume(id, "/i/disk"))).isTrue();

        try (Passphrase defined = libvirt.passphraseForHypervisor(id); Passphrase kept = keys.get(id)) {
            assertThat(defined.matches(kept)).as("the value QEMU will open the disk with").isTrue();
        }
        assertThat(secrets.restore(SecretDefinition.forVolume(id, "/i/disk"))).as("already defined").isFalse();
    }

    @Test
    void a_secret_whose_passphrase_is_gone_is_not_left_defined_without_a_value() {
        DiskSecrets secrets = new DiskSecrets(libvirt, EmbeddedKeyManager.inStateDir(state));
        UUID lost = UUID.randomUUID();

        assertThatThrownBy(() -> secrets.restore(SecretDefinition.forVolume(lost, "/i/disk")))
                .isInstanceOf(KeyManagerException.class);

        assertThat(libvirt.lookup(lost)).isEmpty();
    }
}
