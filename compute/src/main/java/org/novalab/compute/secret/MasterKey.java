package org.novalab.compute.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.novalab.compute.instance.AtomicFiles;

/**
 * The key that encrypts passphrases at rest: 32 random bytes in {@code <state>/master.key} (0600), outside the
 * database, created on first start. A key file readable by group or others is refused.
 */
public final class MasterKey {
    public static final String FILE_NAME = "master.key";
    private static final int BYTES = 32;

    private MasterKey() {
    }

    public static SecretKey loadOrCreate(Path stateDir, SecureRandom random) {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
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
                throw new SecretException("refusing master key " + file + ": it must be readable by its owner only (0600)");
            }
            byte[] key = Files.readAllBytes(file);
            try {
                if (key.length != BYTES) {
                    throw new SecretException("master key " + file + " must hold " + BYTES + " bytes, not " + key.length);
                }
                return new SecretKeySpec(key, "AES");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        }
    }
}
