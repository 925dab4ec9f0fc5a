package org.novalab.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.novalab.io.AtomicFiles;

/**
 * Sealed secrets as one JSON file (0600), rewritten atomically on every change. Reads the file of earlier
 * versions too (rows keyed by instance, disk and secret uuid), whose rows become secrets of the instance's root
 * disk still bound to their disk path until {@link EmbeddedKeyManager#resealLegacySecrets()} seals them again.
 */
public final class FileSecretStore implements SealedSecretStore {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Row(@JsonProperty("id") String id,
                       @JsonProperty("owner_type") String ownerType,
                       @JsonProperty("owner_id") String ownerId,
                       @JsonProperty("ciphertext") String ciphertext,
                       @JsonProperty("legacy_disk_path") String legacyDiskPath,
                       @JsonProperty("created") String created,
                       // the shape of earlier versions' rows
                       @JsonProperty("instance") String instance,
                       @JsonProperty("disk") String disk,
                       @JsonProperty("secret") String secret) {
        SealedSecret secretOf() {
            byte[] sealed = Base64.getDecoder().decode(ciphertext);
            if (secret != null) {
                return new SealedSecret(UUID.fromString(secret), SecretOwner.rootDisk(UUID.fromString(instance)),
                        sealed, Optional.of(disk), Instant.parse(created));
            }
            return new SealedSecret(UUID.fromString(id), new SecretOwner(SecretOwner.Kind.fromWireName(ownerType),
                    ownerId), sealed, Optional.ofNullable(legacyDiskPath), Instant.parse(created));
        }

        static Row of(SealedSecret s) {
            return new Row(s.id().toString(), s.owner().kind().wireName(), s.owner().id(),
                    Base64.getEncoder().encodeToString(s.ciphertext()), s.legacyDiskPath().orElse(null),
                    s.created().toString(), null, null, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public FileSecretStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void save(SealedSecret secret) {
        List<SealedSecret> rows = new ArrayList<>(all());
        rows.removeIf(r -> r.id().equals(secret.id()));
        rows.add(secret);
        write(rows);
    }

    @Override
    public synchronized Optional<SealedSecret> find(UUID id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<SealedSecret> byOwner(SecretOwner owner) {
        return all().stream().filter(r -> r.owner().equals(owner)).toList();
    }

    @Override
    public synchronized boolean delete(UUID id) {
        List<SealedSecret> rows = new ArrayList<>(all());
        boolean removed = rows.removeIf(r -> r.id().equals(id));
        if (removed) {
            write(rows);
        }
        return removed;
    }

    @Override
    public synchronized List<SealedSecret> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Row> rows = JSON.readValue(file.toFile(), new TypeReference<List<Row>>() { });
            return rows.stream().map(Row::secretOf).toList();
        } catch (IOException | RuntimeException e) {
            throw new KeyManagerException("cannot read the passphrase table " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<SealedSecret> secrets) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                    secrets.stream().map(Row::of).toList()), AtomicFiles.OWNER_ONLY);
        } catch (IOException e) {
            throw new KeyManagerException("cannot write the passphrase table " + file + ": " + e.getMessage(), e);
        }
    }
}
