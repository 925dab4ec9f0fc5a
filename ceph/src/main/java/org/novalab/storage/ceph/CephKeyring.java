package org.novalab.storage.ceph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.novalab.storage.StorageException;

/**
 * A Ceph keyring file ({@code [client.admin]} then {@code key = AQ…==}), read for one entity's key. Errors name the
 * file and the entity, never the key.
 */
final class CephKeyring {
    private CephKeyring() {
    }

    /** The decoded key of {@code entity} in the first readable file of librados' {@code keyring} option. */
    static byte[] key(String keyringOption, String entity) {
        for (String file : keyringOption.split("[,; ]+")) {
            Path path = Path.of(file.strip());
            if (!file.isBlank() && Files.isReadable(path)) {
                try {
                    return parse(Files.readAllLines(path, StandardCharsets.UTF_8), entity, path.toString());
                } catch (IOException e) {
                    throw new StorageException("cannot read the keyring " + path + ": " + e.getMessage());
                }
            }
        }
        throw new StorageException("no readable keyring among '" + keyringOption + "' for " + entity);
    }

    static byte[] parse(List<String> lines, String entity, String where) {
        boolean inEntity = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inEntity = line.equals("[" + entity + "]");
            } else if (inEntity && line.startsWith("key")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).strip().equals("key")) {
                    try {
                        return Base64.getDecoder().decode(line.substring(eq + 1).strip());
                    } catch (IllegalArgumentException e) {
                        throw new StorageException("the key of " + entity + " in " + where + " is not base64");
                    }
                }
            }
        }
        throw new StorageException("no key for " + entity + " in " + where);
    }
}
