package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Passphrase;
import org.slf4j.LoggerFactory;

/**
 * The passphrases never show up in a log line, an exception message, an API answer or any file of the state dir:
 * only the key manager's ciphertext holds them (and, for a real libvirt, libvirt's own secret store).
 */
class NoSecretLeaksTest {
    @TempDir
    Path tmp;

    @Test
    void noPassphraseInLogsMessagesResultsOrStateFiles() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        List<String> said = new ArrayList<>();
        List<UUID> secrets = new ArrayList<>();
        Path instances = tmp.resolve("instances");
        try (ComputeHost host = TestHosts.open(instances, TestCloud.create(tmp.resolve("cloud")))) {
            ComputeDriver driver = host.driver();
            for (EncryptionChoice c : List.of(EncryptionChoice.luks(), EncryptionChoice.legacyAes())) {
                for (DiskCreation creation : DiskCreation.values()) {
                    SpawnResult r = driver.spawn(TestHosts.request(BackendKind.QCOW2, c, creation));
                    said.add(r.toString());
                    secrets.add(r.secretUuid().orElseThrow());
                }
            }
            SpawnRequest wrong = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE)
                    .withSecretOverride(secrets.get(0).toString());
            try {
                driver.spawn(wrong);
            } catch (ComputeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    said.add(String.valueOf(t.getMessage()));
                }
            }
            List<String> plain = new ArrayList<>();
            for (UUID s : secrets) {
                try (Passphrase p = host.keys().get(s)) {
                    String text = new String(p.bytes(), StandardCharsets.US_ASCII);
                    plain.add(text);
                    plain.add(Base64.getEncoder().encodeToString(p.bytes()));
                }
            }
            UUID victim = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE).uuid();
            said.add(String.valueOf(host.secrets().list()));
            driver.reconcile(List.of(new KnownInstance(victim, "instance-00000001", PowerState.RUNNING)));

            logs.list.forEach(e -> said.add(e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
            assertThat(logs.list).isNotEmpty();
            for (String p : plain) {
                assertThat(said).noneMatch(s -> s.contains(p));
                assertThat(filesContaining(tmp, p)).isEmpty();
            }
        } finally {
            root.detachAppender(logs);
        }
    }

    private static List<Path> filesContaining(Path dir, String needle) throws IOException {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, n)).toList();
        }
    }

    private static boolean contains(Path f, byte[] needle) {
        try {
            return org.novalab.testing.Bytes.indexOf(Files.readAllBytes(f), needle) >= 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
