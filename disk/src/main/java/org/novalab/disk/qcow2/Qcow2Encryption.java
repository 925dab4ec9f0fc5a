package org.novalab.disk.qcow2;

import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.Luks1;
import org.novalab.disk.crypto.LuksHeader;
import org.novalab.disk.crypto.LuksVolume;
import org.novalab.disk.crypto.QcowAes;
import org.novalab.disk.crypto.SectorCipher;

/**
 * Turns a passphrase into the cipher of an encrypted qcow2 image. Legacy AES numbers sectors by GUEST offset;
 * LUKS in qcow2 numbers them by HOST offset (qemu's {@code crypt_physical_offset}).
 */
public final class Qcow2Encryption {
    private Qcow2Encryption() {
    }

    public static EncryptionFormat formatOf(Qcow2Header header) {
        return switch (header.cryptMethod()) {
            case 1 -> EncryptionFormat.AES;
            case 2 -> EncryptionFormat.LUKS;
            default -> null;
        };
    }

    /** Unlocks {@code image}; a wrong LUKS passphrase throws {@link InvalidPassphrase}, a wrong AES one does not. */
    public static void unlock(Qcow2Image image, Passphrase passphrase) {
        Qcow2Header h = image.header();
        if (h.cryptMethod() == 1) {
            SectorCipher aes = QcowAes.cipher(passphrase);
            image.unlock(guestNumbered(aes), aes);
        } else if (h.cryptMethod() == 2) {
            LuksVolume volume = Luks1.open(luksHeaderBytes(image), passphrase);
            image.unlock(hostNumbered(volume.cipher()), volume);
        }
    }

    /** The LUKS header and key material stored in the image (no passphrase needed; for info). */
    public static byte[] luksHeaderBytes(Qcow2Image image) {
        Qcow2Header h = image.header();
        byte[] bytes = new byte[(int) h.cryptoHeaderLength()];
        image.file().readFully(h.cryptoHeaderOffset(), bytes, 0, bytes.length);
        return bytes;
    }

    public static LuksHeader luksHeader(Qcow2Image image) {
        Qcow2Header h = image.header();
        byte[] bytes = new byte[(int) Math.min(h.cryptoHeaderLength(), 4096)];
        image.file().readFully(h.cryptoHeaderOffset(), bytes, 0, bytes.length);
        return LuksHeader.parse(bytes);
    }

    static ClusterCipher guestNumbered(SectorCipher cipher) {
        return new ClusterCipher() {
            @Override
            public void encrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len) {
                cipher.encrypt(guestOffset / SectorCipher.SECTOR_SIZE, buf, off, len);
            }

            @Override
            public void decrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len) {
                cipher.decrypt(guestOffset / SectorCipher.SECTOR_SIZE, buf, off, len);
            }
        };
    }

    static ClusterCipher hostNumbered(SectorCipher cipher) {
        return new ClusterCipher() {
            @Override
            public void encrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len) {
                cipher.encrypt(hostOffset / SectorCipher.SECTOR_SIZE, buf, off, len);
            }

            @Override
            public void decrypt(long guestOffset, long hostOffset, byte[] buf, int off, int len) {
                cipher.decrypt(hostOffset / SectorCipher.SECTOR_SIZE, buf, off, len);
            }
        };
    }
}
