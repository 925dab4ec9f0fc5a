package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.novalab.disk.Passphrase;

/**
 * Legacy qcow AES against a plain reference: per sector, AES-128-CBC with key = passphrase zero-padded to 16 bytes
 * and IV = sector number little-endian. (QcowAesQemuInteropIT checks the same against bytes qemu-img wrote.)
 */
class QcowAesTest {
    private static final int SECTORS = 300; // more than one 64 KiB batch

    @Test
    void encryptsEachSectorWithCbcAndThePlain64IvWhateverTheCallSize() throws Exception {
        for (int sectors : new int[] {1, 7, 8, 129, SECTORS}) {
            byte[] plain = Arrays.copyOf(randomSectors(), sectors * 512);
            byte[] ours = plain.clone();
            QcowAes.cipher(Passphrase.of("123456")).encrypt(5000, ours, 0, ours.length);
            assertThat(ours).as("%d sectors", sectors)
                    .isEqualTo(reference(Cipher.ENCRYPT_MODE, key("123456"), 5000, plain));
        }
    }

    @Test
    void decryptsManySectorsInOneCallToTheSamePlaintext() throws Exception {
        byte[] plain = randomSectors();
        byte[] sealed = reference(Cipher.ENCRYPT_MODE, key("123456"), 77, plain);
        QcowAes.cipher(Passphrase.of("123456")).decrypt(77, sealed, 0, sealed.length);
        assertThat(sealed).isEqualTo(plain);
    }

    @Test
    void theKeyIsThePassphraseAsACStringCutOrPaddedTo16Bytes() throws Exception {
        byte[] plain = randomSectors();
        assertThat(encrypt("abc\0def", plain)).isEqualTo(encrypt("abc", plain));
        assertThat(encrypt("0123456789abcdefTAIL", plain)).isEqualTo(encrypt("0123456789abcdef", plain));
        assertThat(encrypt("0123456789abcdefTAIL", plain))
                .isEqualTo(reference(Cipher.ENCRYPT_MODE, key("0123456789abcdef"), 0, plain));
    }

    @Test
    void aWrongPassphraseDecryptsWithoutErrorToGarbage() {
        byte[] plain = randomSectors();
        byte[] sealed = encrypt("123456", plain);
        QcowAes.cipher(Passphrase.of("654321")).decrypt(0, sealed, 0, sealed.length);
        assertThat(sealed).isNotEqualTo(plain);
    }

    private static byte[] encrypt(String passphrase, byte[] plain) {
        byte[] copy = plain.clone();
        QcowAes.cipher(Passphrase.of(passphrase)).encrypt(0, copy, 0, copy.length);
        return copy;
    }

    private static byte[] key(String text) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), 16);
    }

    private static byte[] reference(int mode, byte[] key, long firstSector, byte[] in) throws Exception {
        byte[] out = new byte[in.length];
        Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
        for (int s = 0; s < in.length / 512; s++) {
            byte[] iv = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(firstSector + s).array();
            cbc.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            cbc.doFinal(in, s * 512, 512, out, s * 512);
        }
        return out;
    }

    private static byte[] randomSectors() {
        byte[] data = new byte[SECTORS * 512];
        new Random(9).nextBytes(data);
        return data;
    }
}
