package org.novalab.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.novalab.io.AtomicFiles;

/**
 * The key-encryption key that seals every passphrase: 32 random bytes in a file readable by its owner only,
 * outside the database. Which file is configuration ({@code --master-key}), so every host of one deployment can
 * be given the same one; {@code <state>/master.key} is the embedded default, created on first start. A key file
 * readable by group or others is refused.
 */
public final class MasterKey {
    public static final String FILE_NAME = "master.key";
    private static final int BYTES = 32;

    private MasterKey() {
    }

    /** The key in {@code file}, created (with its directory) when missing. */
    public static SecretKey loadOrCreate(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[BYTES];
                random.nextBytes(key);
                try {
                    AtomicFiles.write(file, key, AtomicFiles.OWNER_ONLY);
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!AtomicFiles.OWNER_ONLY.containsAll(perms)) {
                throw new KeyManagerException("refusing master key " + file
                        + ": it must be readable by its owner only (0600)");
            }
            byte[] key = Files.readAllBytes(file);
            try {
                if (key.length != BYTES) {
                    throw new KeyManagerException("master key " + file + " must hold " + BYTES + " bytes, not "
                            + key.length);
                }
                return new SecretKeySpec(key, "AES");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (IOException e) {
            throw new KeyManagerException("cannot read or create the master key " + file + ": " + e.getMessage(), e);
        }
    }
}
