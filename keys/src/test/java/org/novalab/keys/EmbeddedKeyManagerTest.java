package org.novalab.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.Passphrase;
import org.novalab.io.AtomicFiles;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Masked;
import org.novalab.testing.Needle;

class EmbeddedKeyManagerTest {
    @TempDir
    Path state;
    final SecretOwner disk = SecretOwner.rootDisk(UUID.randomUUID());

    @Test
    void creates_thirty_two_random_bytes_as_base64_text() {
        KeyManager keys = EmbeddedKeyManager.inStateDir(state);
        try (KeyManager.NewSecret a = keys.create(disk); KeyManager.NewSecret b = keys.create(disk)) {
            assertThat(Base64.getDecoder().decode(a.passphrase().bytes())).hasSize(32);
            assertThat(a.passphrase().matches(b.passphrase())).isFalse();
            assertThat(a.id()).isNotEqualTo(b.id());
            assertThat(a.passphrase().toString())
                    .doesNotContain(new String(a.passphrase().bytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void stores_ciphertext_only_and_gives_the_passphrase_back_after_a_restart() throws Exception {
        KeyManager keys = EmbeddedKeyManager.inStateDir(state);
        UUID id;
        String plain;
        try (KeyManager.NewSecret s = keys.create(disk)) {
            id = s.id();
            plain = new String(s.passphrase().bytes(), StandardCharsets.US_ASCII);
        }

        assertThat(Files.getPosixFilePermissions(state.resolve("master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(state.resolve("passphrases.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(state.resolve("passphrases.json"))).doesNotContain(plain)
                .contains(id.toString(), disk.id());

        KeyManager restarted = EmbeddedKeyManager.inStateDir(state);
        try (Passphrase back = restarted.get(id)) {
            assertThat(new String(back.bytes(), StandardCharsets.US_ASCII)).isEqualTo(plain);
        }
        restarted.delete(id);
        assertThatThrownBy(() -> restarted.get(id)).isInstanceOf(ManagedSecretNotFound.class);
        assertThatThrownBy(() -> restarted.delete(id)).isInstanceOf(ManagedSecretNotFound.class);
    }

    @Test
    void secrets_belong_to_their_owner_not_to_an_instance_row() {
        KeyManager keys = EmbeddedKeyManager.inStateDir(state);
        SecretOwner volume = SecretOwner.volume("vol-1");
        UUID rootKey;
        UUID volumeKey;
        try (KeyManager.NewSecret r = keys.create(disk); KeyManager.NewSecret v = keys.create(volume)) {
            rootKey = r.id();
            volumeKey = v.id();
        }
        assertThat(keys.list(disk)).extracting(SecretMetadata::id).containsExactly(rootKey);
        keys.list(disk).forEach(m -> keys.delete(m.id()));
        assertThat(keys.list(disk)).isEmpty();
        assertThat(keys.list(volume)).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(volumeKey);
            assertThat(m.owner()).isEqualTo(volume);
        });
        keys.get(volumeKey).close();
    }

    @Test
    void any_host_given_the_same_master_key_and_store_opens_every_secret() {
        Path sharedKey = state.resolve("deployment").resolve("master.key");
        SealedSecretStore sharedStore = new FileSecretStore(state.resolve("shared-passphrases.json"));
        KeyManager hostA = managerWith(sharedKey, sharedStore);
        KeyManager hostB = managerWith(sharedKey, sharedStore);
        try (KeyManager.NewSecret s = hostA.create(SecretOwner.volume("vol-2")); Passphrase back = hostB.get(s.id())) {
            assertThat(back.matches(s.passphrase())).isTrue();
        }
    }

    @Test
    void another_master_key_cannot_decrypt_and_says_so_without_the_secret() throws Exception {
        KeyManager keys = EmbeddedKeyManager.inStateDir(state);
        UUID id;
        try (KeyManager.NewSecret s = keys.create(disk)) {
            id = s.id();
        }
        Files.delete(state.resolve("master.key"));
        KeyManager other = EmbeddedKeyManager.inStateDir(state);
        assertThatThrownBy(() -> other.get(id)).isInstanceOf(KeyManagerException.class)
                .hasMessageContaining("wrong master key or tampered row");
    }

    @Test
    void a_sealed_passphrase_moved_onto_another_owners_row_does_not_decrypt() {
        FileSecretStore store = new FileSecretStore(state.resolve("passphrases.json"));
        KeyManager keys = managerWith(state.resolve("master.key"), store);
        UUID id;
        try (KeyManager.NewSecret s = keys.create(disk)) {
            id = s.id();
        }
        SealedSecret row = store.find(id).orElseThrow();
        store.save(new SealedSecret(id, SecretOwner.volume("stolen"), row.ciphertext(), Optional.empty(),
                row.created()));
        assertThatThrownBy(() -> keys.get(id)).isInstanceOf(KeyManagerException.class)
                .hasMessageContaining("tampered row");
    }

    @Test
    void a_master_key_that_does_not_open_the_stored_secrets_is_refused_before_anything_is_sealed_under_it()
            throws Exception {
        EmbeddedKeyManager.inStateDir(state).create(disk).close();
        Files.delete(state.resolve("master.key"));
        EmbeddedKeyManager other = EmbeddedKeyManager.inStateDir(state);
        assertThatThrownBy(other::verifyMasterKey).isInstanceOf(KeyManagerException.class)
                .hasMessageContaining("not the key they were sealed with");
        EmbeddedKeyManager.inStateDir(state.resolve("empty")).verifyMasterKey(); // nothing stored: nothing to check
    }

    /**
     * A heap dump and the ciphertext (the database's rows, cached on the same heap) would open every passphrase if
     * the master key were on the heap; it is not, and neither is a passphrase once its holder is closed.
     */
    @Test
    void neither_the_master_key_nor_a_passphrase_it_sealed_or_opened_stays_on_the_heap() throws Exception {
        Masked master = Masked.random(32);
        Path keyFile = state.resolve("master.key");
        byte[] bytes = master.reveal();
        Files.write(Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY)), bytes);
        Arrays.fill(bytes, (byte) 0);
        KeyManager keys = new EmbeddedKeyManager(MasterKey.load(keyFile), new FileSecretStore(
                state.resolve("passphrases.json")), new SecureRandom(), Clock.systemUTC());
        UUID id;
        Masked passphrase;
        try (KeyManager.NewSecret s = keys.create(disk)) {
            id = s.id();
            byte[] value = s.passphrase().bytes();
            passphrase = Masked.of(value);
            Arrays.fill(value, (byte) 0);
        }
        keys.get(id).close();

        HeapDump dump = HeapDump.ofThisJvm(state, HeapDump.Reach.LIVE);

        assertThat(dump.find(Needle.formsOf("master key", master.reveal()))).isEmpty();
        assertThat(dump.find(Needle.formsOf("passphrase", passphrase.reveal()))).isEmpty();
        keys.get(id).close(); // the key manager was alive throughout the dump
    }

    @Test
    void generating_a_passphrase_leaves_no_copy_of_it_or_of_its_random_bytes_behind() {
        KeyManager keys = EmbeddedKeyManager.inStateDir(state);
        System.gc(); // from here on, what is garbage was made by generate
        try (KeyManager.NewSecret s = keys.generate(disk)) {
            // every object, unreachable ones too
            HeapDump dump = HeapDump.ofThisJvm(state, HeapDump.Reach.ALL);

            byte[] value = s.passphrase().bytes();
            assertThat(dump.find(Needle.formsOf("passphrase", value))).as("forms include the random bytes it encodes")
                    .isEmpty();
            Arrays.fill(value, (byte) 0);
        }
    }

    @Test
    void a_configured_master_key_is_never_made_up_and_two_starts_on_one_path_share_one_key() throws Exception {
        Path configured = state.resolve("etc").resolve("master.key");
        assertThatThrownBy(() -> MasterKey.load(configured)).isInstanceOf(KeyManagerException.class)
                .hasMessageContaining("does not exist");
        assertThat(configured).doesNotExist();
        SecretKey first = MasterKey.loadOrCreate(configured, new SecureRandom());
        SecretKey second = MasterKey.loadOrCreate(configured, new SecureRandom());
        assertThat(second.getEncoded()).isEqualTo(first.getEncoded());
    }

    @Test
    void refuses_a_master_key_others_can_read() throws Exception {
        EmbeddedKeyManager.inStateDir(state);
        Files.setPosixFilePermissions(state.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> EmbeddedKeyManager.inStateDir(state)).isInstanceOf(KeyManagerException.class)
                .hasMessageContaining("0600");
    }

    @Test
    void a_passphrase_file_of_the_earlier_shape_still_opens_and_is_sealed_again_bound_to_its_owner()
            throws Exception {
        SecretKey master = MasterKey.loadOrCreate(state.resolve("master.key"), new SecureRandom());
        UUID instance = UUID.randomUUID();
        UUID secret = UUID.randomUUID();
        String diskPath = state.resolve(instance.toString()).resolve("disk").toString();
        // a row as the passphrase vault wrote it: bound to (instance, disk path, libvirt secret uuid)
        byte[] sealed = LegacySealing.seal(master, instance, diskPath, secret, "123456");
        Files.writeString(state.resolve("passphrases.json"), "[{\"id\": \"" + UUID.randomUUID() + "\", \"instance\": \""
                + instance + "\", \"disk\": \"" + diskPath + "\", \"secret\": \"" + secret + "\", \"ciphertext\": \""
                + Base64.getEncoder().encodeToString(sealed) + "\", \"created\": \"2026-11-01T10:00:00Z\"}]");

        EmbeddedKeyManager keys = EmbeddedKeyManager.inStateDir(state);
        assertThat(keys.list(SecretOwner.rootDisk(instance))).extracting(SecretMetadata::id).containsExactly(secret);
        try (Passphrase p = keys.get(secret)) {
            assertThat(new String(p.bytes(), StandardCharsets.US_ASCII)).isEqualTo("123456");
        }

        assertThat(keys.resealLegacySecrets().resealed()).isEqualTo(1);
        assertThat(keys.resealLegacySecrets().resealed()).isZero();
        assertThat(Files.readString(state.resolve("passphrases.json"))).doesNotContain(diskPath)
                .contains("\"owner_type\" : \"instance-root-disk\"");
        try (Passphrase p = EmbeddedKeyManager.inStateDir(state).get(secret)) {
            assertThat(new String(p.bytes(), StandardCharsets.US_ASCII)).isEqualTo("123456");
        }
    }

    private static KeyManager managerWith(Path keyFile, SealedSecretStore store) {
        SecureRandom random = new SecureRandom();
        return new EmbeddedKeyManager(MasterKey.loadOrCreate(keyFile, random), store, random, Clock.systemUTC());
    }

}
