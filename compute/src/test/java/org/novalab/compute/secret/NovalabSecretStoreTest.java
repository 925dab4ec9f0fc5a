package org.novalab.compute.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.Passphrase;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

/** libvirt's secret semantics as the test driver lacks them. */
class NovalabSecretStoreTest {
    final NovalabSecretStore store = new NovalabSecretStore();

    @TempDir
    Path dir;

    /**
     * libvirtd keeps secret values in its own memory; novalab's emulation keeps them in the server's, for as long
     * as the secret is defined, so they must not be on its heap, where every heap dump would show them.
     */
    @Test
    void valuesAreKeptOffTheJavaHeapForAsLongAsTheSecretIsDefined() {
        UUID u = UUID.randomUUID();
        store.define(SecretDefinition.forVolume(u, "/i/disk"));
        Masked secret = Masked.random(32);
        byte[] value = secret.reveal();
        try (Passphrase p = Passphrase.of(value)) {
            Arrays.fill(value, (byte) 0);
            store.setValue(u, p);
        }

        HeapDump dump = HeapDump.ofThisJvm(dir, HeapDump.Reach.LIVE);

        assertThat(dump.find(Needle.formsOf("secret value", secret.reveal()))).isEmpty();
        try (Passphrase held = store.passphraseForHypervisor(u); Passphrase expected = Passphrase.of(secret.reveal())) {
            assertThat(held.matches(expected)).as("the store still has it").isTrue();
        }
    }

    @Test
    void aPrivateSecretCannotBeReadBackButReachesTheHypervisor() {
        UUID u = UUID.randomUUID();
        store.define(SecretDefinition.forVolume(u, "/i/disk"));
        try (Passphrase p = Passphrase.of("123456")) {
            store.setValue(u, p);
        }
        assertThatThrownBy(() -> store.value(u)).isInstanceOf(SecretPrivate.class)
                .hasMessageStartingWith("Invalid secret: secret is private");
        try (Passphrase p = store.passphraseForHypervisor(u); Passphrase expected = Passphrase.of("123456")) {
            assertThat(p.matches(expected)).isTrue();
        }
    }

    @Test
    void aNonPrivateSecretCanBeReadBack() {
        UUID u = UUID.randomUUID();
        store.define(new SecretDefinition(u, true, false, "/i/disk", Optional.empty()));
        try (Passphrase p = Passphrase.of("123456")) {
            store.setValue(u, p);
        }
        try (Passphrase p = store.value(u); Passphrase expected = Passphrase.of("123456")) {
            assertThat(p.matches(expected)).isTrue();
        }
    }

    @Test
    void oneSecretPerVolume() {
        UUID first = UUID.randomUUID();
        store.define(SecretDefinition.forVolume(first, "/i/disk"));
        assertThatThrownBy(() -> store.define(SecretDefinition.forVolume(UUID.randomUUID(), "/i/disk")))
                .isInstanceOf(SecretUsageConflict.class)
                .hasMessage("operation failed: a secret with UUID " + first + " already defined for use with /i/disk");
    }

    @Test
    void unknownAndValuelessSecretsAnswerLikeLibvirt() {
        UUID u = UUID.randomUUID();
        assertThatThrownBy(() -> store.passphraseForHypervisor(u))
                .hasMessage("Secret not found: no secret with matching uuid '" + u + "'");
        store.define(SecretDefinition.forVolume(u, "/i/disk"));
        assertThatThrownBy(() -> store.passphraseForHypervisor(u))
                .hasMessage("Secret not found: secret '" + u + "' does not have a value");
        store.undefine(u);
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.undefine(u)).isInstanceOf(SecretNotFound.class);
    }

    @Test
    void secretXmlIsTheSeedsShape() {
        UUID u = UUID.fromString("11111111-2222-3333-4444-555555555555");
        String xml = SecretXml.write(SecretDefinition.forVolume(u, "/var/lib/nova/instances/x/disk"));
        assertThat(xml).isEqualTo("""
                <secret ephemeral="no" private="yes">
                  <uuid>11111111-2222-3333-4444-555555555555</uuid>
                  <usage type="volume">
                    <volume>/var/lib/nova/instances/x/disk</volume>
                  </usage>
                </secret>
                """);
        assertThat(SecretXml.parse(xml)).isEqualTo(SecretDefinition.forVolume(u, "/var/lib/nova/instances/x/disk"));
    }
}
