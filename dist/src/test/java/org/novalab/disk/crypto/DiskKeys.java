package org.novalab.disk.crypto;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qcow2.Qcow2Encryption;
import org.novalab.disk.qcow2.Qcow2Image;

/**
 * The keys an encrypted qcow2 disk's passphrase turns into, derived the way the disk library derives them: the
 * legacy AES key, or the LUKS master key its key slot opens (and its two XTS halves, which AES keys separately).
 * Test code in the library's package because those derivations are package-private (only ciphers hold the keys);
 * the heap-dump secret test searches a server's heap for them.
 */
public final class DiskKeys {
    private DiskKeys() {
    }

    /** Name to key bytes; the caller zeroes them. */
    public static Map<String, byte[]> of(Path disk, Passphrase passphrase) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        try (Qcow2Image image = Qcow2Image.open(disk, false)) {
            switch (image.header().cryptMethod()) {
                case 1 -> keys.put("qcow AES key", QcowAes.key(passphrase));
                case 2 -> {
                    byte[] header = Qcow2Encryption.luksHeaderBytes(image);
                    byte[] master = Luks1.masterKey(LuksHeader.parse(header), header, passphrase);
                    int half = master.length / 2;
                    keys.put("LUKS master key", master);
                    keys.put("LUKS data key", java.util.Arrays.copyOfRange(master, 0, half));
                    keys.put("LUKS tweak key", java.util.Arrays.copyOfRange(master, half, master.length));
                }
                default -> throw new IllegalArgumentException(disk + " is not encrypted");
            }
        }
        return keys;
    }
}
