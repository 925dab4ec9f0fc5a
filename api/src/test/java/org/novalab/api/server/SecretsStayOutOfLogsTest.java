package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.api.persistence.Database;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.LogCapture;
import org.novalab.api.testing.TestServers;
import org.novalab.disk.Passphrase;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.MasterKey;
import org.novalab.keys.SecretMetadata;
import org.novalab.keys.SecretOwner;

/**
 * A LUKS server's whole life as an operator's log records it (boot, stop, start, hard reboot, console), in the
 * text and the json format: neither holds its disk's passphrase (as text or as the base64 libvirt's
 * secret-set-value takes), the master key, or the admin password.
 */
class SecretsStayOutOfLogsTest {
    @TempDir
    Path dir;

    @Test
    void a_luks_boot_and_its_actions_log_no_passphrase_key_or_password_in_text_or_json() throws Exception {
        String id;
        String text;
        String json;
        Path state = dir.resolve("state");
        try (LogCapture logs = new LogCapture()) {
            try (LabServer lab = new LabServer(state)) {
                Api admin = lab.admin();
                id = lab.boot("vm-secret", LabServer.LUKS_FLAVOR);
                String action = "/v2.1/servers/" + id + "/action";
                assertThat(admin.post(action, "{\"os-stop\": null}").status()).isEqualTo(202);
                admin.awaitStatus(id, "SHUTOFF");
                assertThat(admin.post(action, "{\"os-start\": null}").status()).isEqualTo(202);
                admin.awaitStatus(id, "ACTIVE");
                assertThat(admin.post(action, "{\"reboot\": {\"type\": \"HARD\"}}").status()).isEqualTo(202);
                admin.awaitStatus(id, "ACTIVE");
                assertThat(admin.post(action, "{\"os-getConsoleOutput\": {}}").status()).isEqualTo(200);
                lab.awaitIdle();
            }
            text = logs.text();
            json = logs.json();
        }
        assertThat(text).contains("spawned " + id, "encryption=luks");

        String passphrase = passphraseOf(state, UUID.fromString(id));
        byte[] masterKey = MasterKey.load(state.resolve(MasterKey.FILE_NAME)).getEncoded();
        List<String> secrets = List.of(passphrase,
                Base64.getEncoder().encodeToString(passphrase.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(masterKey), HexFormat.of().formatHex(masterKey),
                TestServers.ADMIN_PASSWORD);
        for (String secret : secrets) {
            assertThat(text).as("text log").doesNotContain(secret);
            assertThat(json).as("json log").doesNotContain(secret);
        }
    }

    /** The root disk's passphrase, unsealed from the stopped server's database with its master key. */
    private static String passphraseOf(Path state, UUID instance) {
        try (Database db = Database.open(TestServers.config(state).database(), NovalabServer.ENTITIES, 2)) {
            EmbeddedKeyManager keys = new EmbeddedKeyManager(MasterKey.load(state.resolve(MasterKey.FILE_NAME)),
                    new HibernateSecretStore(db), new SecureRandom(), Clock.systemUTC());
            List<SecretMetadata> owned = keys.list(SecretOwner.rootDisk(instance));
            assertThat(owned).hasSize(1);
            try (Passphrase p = keys.get(owned.get(0).id())) {
                String text = new String(p.bytes(), StandardCharsets.UTF_8);
                assertThat(text).hasSizeGreaterThanOrEqualTo(32);
                return text;
            }
        }
    }
}
