package org.novalab.compute.secret;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.instance.AtomicFiles;

/** The passphrase table as one JSON file (0600), rewritten atomically on every change. */
public final class FilePassphraseRepository implements PassphraseRepository {
    private record Row(String id, String instance, String disk, String secret, String ciphertext, String created) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public FilePassphraseRepository(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void save(PassphraseRecord record) {
        List<PassphraseRecord> rows = new ArrayList<>(all());
        rows.removeIf(r -> r.id().equals(record.id()) || r.secretUuid().equals(record.secretUuid()));
        rows.add(record);
        store(rows);
    }

    @Override
    public synchronized Optional<PassphraseRecord> findBySecret(UUID secretUuid) {
        return all().stream().filter(r -> r.secretUuid().equals(secretUuid)).findFirst();
    }

    @Override
    public synchronized List<PassphraseRecord> findByInstance(UUID instanceUuid) {
        return all().stream().filter(r -> r.instanceUuid().equals(instanceUuid)).toList();
    }

    @Override
    public synchronized int deleteByInstance(UUID instanceUuid) {
        List<PassphraseRecord> rows = new ArrayList<>(all());
        int before = rows.size();
        rows.removeIf(r -> r.instanceUuid().equals(instanceUuid));
        if (rows.size() != before) {
            store(rows);
        }
        return before - rows.size();
    }

    @Override
    public synchronized List<PassphraseRecord> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Row> rows = JSON.readValue(file.toFile(), new TypeReference<List<Row>>() { });
            return rows.stream().map(r -> new PassphraseRecord(UUID.fromString(r.id()), UUID.fromString(r.instance()),
                    r.disk(), UUID.fromString(r.secret()), Base64.getDecoder().decode(r.ciphertext()),
                    Instant.parse(r.created()))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the passphrase table " + file + ": " + e.getMessage(), e);
        }
    }

    private void store(List<PassphraseRecord> records) {
        List<Row> rows = records.stream().map(r -> new Row(r.id().toString(), r.instanceUuid().toString(),
                r.diskPath(), r.secretUuid().toString(), Base64.getEncoder().encodeToString(r.ciphertext()),
                r.created().toString())).toList();
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(rows),
                    AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the passphrase table " + file, e);
        }
    }
}
