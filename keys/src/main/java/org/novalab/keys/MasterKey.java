package org.novalab.keys;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.SecretKey;
import org.novalab.disk.SecretBytes;
import org.novalab.disk.crypto.AesKey;
import org.novalab.io.AtomicFile;
import org.novalab.io.AtomicFiles;

/**
 * The key-encryption key that seals every passphrase: 32 random bytes in a file readable by its owner only,
 * outside the database. Which file is configuration ({@code --master-key}), so every host of one deployment can
 * be given the same one; {@code <state>/master.key} is the embedded default, created on first start. A key file
 * readable by group or others is refused. The key is held off the Java heap ({@link AesKey}): with it, a heap dump
 * and the ciphertext cached on the same heap would open every passphrase.
 */
public final class MasterKey {
    public static final String FILE_NAME = "master.key";
    private static final int BYTES = 32;

    private MasterKey() {
    }

    /**
     * The key in {@code file}, created (with its directory) when missing: the embedded default. Two processes
     * starting at once on one path end up with the same key (the first to create it wins, the other reads it).
     */
    public static SecretKey loadOrCreate(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                create(file, random);
            }
            return load(file);
        } catch (IOException e) {
            throw new KeyManagerException("cannot create the master key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key in {@code file}, which must exist: a key someone configured is never made up, since a new key would
     * open none of the secrets sealed under the one that was meant (a typo, a share that is not mounted).
     */
    public static SecretKey load(Path file) {
        if (!Files.exists(file)) {
            throw new KeyManagerException("the master key " + file + " does not exist; give every host of the "
                    + "deployment the same key file (only the default <state>/master.key is created on first start)");
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!AtomicFiles.OWNER_ONLY.containsAll(perms)) {
                throw new KeyManagerException("refusing master key " + file
                        + ": it must be readable by its owner only (0600)");
            }
            long size = Files.size(file);
            if (size != BYTES) {
                throw new KeyManagerException("master key " + file + " must hold " + BYTES + " bytes, not " + size);
            }
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                return AesKey.of(SecretBytes.read(in, BYTES));
            }
        } catch (IOException e) {
            throw new KeyManagerException("cannot read the master key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random32 = new byte[BYTES];
        random.nextBytes(random32);
        SecretBytes key = SecretBytes.copyOf(random32);
        Arrays.fill(random32, (byte) 0);
        try (key; AtomicFile out = AtomicFile.create(file, AtomicFiles.OWNER_ONLY)) {
            try (FileChannel channel = FileChannel.open(out.path(), StandardOpenOption.WRITE)) {
                key.writeTo(channel);
            }
            out.commitIfAbsent();
        } catch (FileAlreadyExistsException otherProcessWasFirst) {
            // theirs stays: every process of this state dir uses the same key
        }
    }
}
