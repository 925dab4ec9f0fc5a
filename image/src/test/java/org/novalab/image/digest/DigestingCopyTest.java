package org.novalab.image.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The copy is exact and carries exactly the digests asked for, each the real one of the bytes. */
class DigestingCopyTest {
    // more than two chunks and a short tail, so chunks are recycled through the pool
    final byte[] data = random(3 * (1 << 20) + 123);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(3).nextBytes(b);
        return b;
    }

    private String hex(String algo) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
    }

    private ImageDigests copy(boolean md5, String algo, ByteArrayOutputStream out) throws IOException {
        return DigestingCopy.copy(new ByteArrayInputStream(data), out, md5, algo);
    }

    @Test
    void only_the_multihash() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageDigests d = copy(false, "sha512", out);

        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(d.size()).isEqualTo(data.length);
        assertThat(d.md5()).isNull();
        assertThat(d.hashAlgo()).isEqualTo("sha512");
        assertThat(d.hashValue()).isEqualTo(hex("SHA-512"));
    }

    @Test
    void only_md5() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageDigests d = copy(true, null, out);

        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(d.md5()).isEqualTo(hex("MD5"));
        assertThat(d.hashAlgo()).isNull();
        assertThat(d.hashValue()).isNull();
    }

    @Test
    void both_as_glance_records_them_on_upload() throws Exception {
        ImageDigests d = DigestingCopy.copy(new ByteArrayInputStream(data), OutputStream.nullOutputStream());

        assertThat(d.md5()).isEqualTo(hex("MD5"));
        assertThat(d.hashValue()).isEqualTo(hex("SHA-512"));
    }

    @Test
    void none_still_copies_and_counts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageDigests d = copy(false, null, out);

        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(d.size()).isEqualTo(data.length);
        assertThat(d.md5()).isNull();
        assertThat(d.hashValue()).isNull();
    }
}
