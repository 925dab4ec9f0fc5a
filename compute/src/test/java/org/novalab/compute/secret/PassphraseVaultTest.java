package org.novalab.compute.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.Passphrase;

class PassphraseVaultTest {
    @TempDir
    Path state;

    @Test
    void generatesThirtyTwoRandomBytesAsBase64Text() {
        PassphraseVault vault = PassphraseVault.inStateDir(state);
        try (Passphrase a = vault.generate(); Passphrase b = vault.generate()) {
            assertThat(Base64.getDecoder().decode(a.bytes())).hasSize(32);
            assertThat(a.matches(b)).isFalse();
            assertThat(a.toString()).doesNotContain(new String(a.bytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void storesCiphertextOnlyAndRevealsItAfterARestart() throws Exception {
        PassphraseVault vault = PassphraseVault.inStateDir(state);
        UUID instance = UUID.randomUUID();
        UUID secret = UUID.randomUUID();
        String plain;
        try (Passphrase p = vault.generate()) {
            plain = new String(p.bytes(), StandardCharsets.US_ASCII);
            vault.store(instance, state.resolve("x/disk"), secret, p);
        }

        assertThat(Files.getPosixFilePermissions(state.resolve("master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(state.resolve("passphrases.json"))).doesNotContain(plain)
                .contains(secret.toString());

        PassphraseVault restarted = PassphraseVault.inStateDir(state);
        try (Passphrase back = restarted.reveal(secret)) {
            assertThat(new String(back.bytes(), StandardCharsets.US_ASCII)).isEqualTo(plain);
        }
        assertThat(restarted.forget(instance)).isEqualTo(1);
        assertThatThrownBy(() -> restarted.reveal(secret)).isInstanceOf(SecretNotFound.class);
    }

    @Test
    void anotherMasterKeyCannotDecryptAndSaysSoWithoutTheSecret() throws Exception {
        PassphraseVault vault = PassphraseVault.inStateDir(state);
        UUID secret = UUID.randomUUID();
        try (Passphrase p = vault.generate()) {
            vault.store(UUID.randomUUID(), state.resolve("disk"), secret, p);
        }
        Files.delete(state.resolve("master.key"));
        PassphraseVault other = PassphraseVault.inStateDir(state);
        assertThatThrownBy(() -> other.reveal(secret)).isInstanceOf(SecretException.class)
                .hasMessageContaining("wrong master key or tampered row");
    }

    @Test
    void refusesAMasterKeyOthersCanRead() throws Exception {
        PassphraseVault.inStateDir(state);
        Files.setPosixFilePermissions(state.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PassphraseVault.inStateDir(state)).isInstanceOf(SecretException.class)
                .hasMessageContaining("0600");
    }
}
