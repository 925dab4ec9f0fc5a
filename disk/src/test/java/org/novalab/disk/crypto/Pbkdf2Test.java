package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/** PBKDF2-HMAC-SHA256 against RFC 7914 section 11, and against the JDK's own implementation. */
class Pbkdf2Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc7914VectorWithOneIteration() {
        byte[] key = Pbkdf2.derive(LuksHash.SHA256, ascii("passwd"), ascii("salt"), 1, 64);
        assertThat(HEX.formatHex(key)).isEqualTo(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    }

    @Test
    void matchesRfc7914VectorWith80000Iterations() {
        byte[] key = Pbkdf2.derive(LuksHash.SHA256, ascii("Password"), ascii("NaCl"), 80000, 64);
        assertThat(HEX.formatHex(key)).isEqualTo(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
    }

    @Test
    void agreesWithTheJdkForOtherHashesAndOddLengths() throws Exception {
        for (String[] pair : new String[][] {{"sha1", "PBKDF2WithHmacSHA1"}, {"sha512", "PBKDF2WithHmacSHA512"}}) {
            LuksHash hash = LuksHash.fromSpec(pair[0]);
            byte[] ours = Pbkdf2.derive(hash, ascii("123456"), ascii("some salt of 32 bytes...........0"), 1234, 77);
            PBEKeySpec spec = new PBEKeySpec("123456".toCharArray(), ascii("some salt of 32 bytes...........0"), 1234, 77 * 8);
            byte[] jdk = SecretKeyFactory.getInstance(pair[1]).generateSecret(spec).getEncoded();
            assertThat(ours).as(pair[0]).isEqualTo(jdk);
        }
    }

    @Test
    void acceptsAnEmptyPassphraseAndAKeyLongerThanTheHashBlock() {
        byte[] empty = Pbkdf2.derive(LuksHash.SHA256, new byte[0], ascii("salt"), 2, 32);
        byte[] longKey = Pbkdf2.derive(LuksHash.SHA256, new byte[100], ascii("salt"), 2, 32);
        assertThat(empty).hasSize(32).isNotEqualTo(longKey);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
