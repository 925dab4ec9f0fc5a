package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers for XTS-AES (IEEE P1619/D16 vectors, data unit = the whole plaintext) and the sector contract. */
class XtsAesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** 0x00..0xff twice: the 512-byte plaintext of vectors 4 and 10. */
    private static final String PTX_512 = counting(512);

    private static String counting(int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(String.format("%02x", i & 0xff));
        }
        return hex.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, key1 || key2, data unit sequence number, plaintext, ciphertext
        "IEEE 1619 vector 1 (XTS-AES-128),"
            + "0000000000000000000000000000000000000000000000000000000000000000, 0,"
            + "0000000000000000000000000000000000000000000000000000000000000000,"
            + "917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e",
        "IEEE 1619 vector 2 (XTS-AES-128),"
            + "1111111111111111111111111111111122222222222222222222222222222222, 219902325555,"
            + "4444444444444444444444444444444444444444444444444444444444444444,"
            + "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0",
        "libtomcrypt/QEMU 32-byte unit (XTS-AES-128),"
            + "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0, 78187493530,"
            + "4444444444444444444444444444444444444444444444444444444444444444,"
            + "b01f86f8edc1863706fa8a4253e34f28af319de38334870f4dd1f94cbe9832f1",
    })
    void matchesPublishedShortVectors(String name, String key, long unit, String plain, String cipher) {
        assertVector(key, unit, plain, cipher);
    }

    @Test
    void matchesIeeeVector4WithA512ByteSectorOfXtsAes128() {
        assertVector("2718281828459045235360287471352631415926535897932384626433832795", 0, PTX_512,
                "27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89cc78cf7f5e543445f8333d8fa7f560000"
                + "05279fa5d8b5e4ad40e736ddb4d35412328063fd2aab53e5ea1e0a9f332500a5df9487d07a5c92cc512c8866c7e860ce"
                + "93fdf166a24912b422976146ae20ce846bb7dc9ba94a767aaef20c0d61ad02655ea92dc4c4e41a8952c651d33174be51"
                + "a10c421110e6d81588ede82103a252d8a750e8768defffed9122810aaeb99f9172af82b604dc4b8e51bcb08235a6f434"
                + "1332e4ca60482a4ba1a03b3e65008fc5da76b70bf1690db4eae29c5f1badd03c5ccf2a55d705ddcd86d449511ceb7ec3"
                + "0bf12b1fa35b913f9f747a8afd1b130e94bff94effd01a91735ca1726acd0b197c4e5b03393697e126826fb6bbde8ecc"
                + "1e08298516e2c9ed03ff3c1b7860f6de76d4cecd94c8119855ef5297ca67e9f3e7ff72b1e99785ca0a7e7720c5b36dc6"
                + "d72cac9574c8cbbc2f801e23e56fd344b07f22154beba0f08ce8891e643ed995c94d9a69c9f1b5f499027a78572aeebd"
                + "74d20cc39881c213ee770b1010e4bea718846977ae119f7a023ab58cca0ad752afe656bb3c17256a9f6e9bf19fdd5a38"
                + "fc82bbe872c5539edb609ef4f79c203ebb140f2e583cb2ad15b4aa5b655016a8449277dbd477ef2c8d6c017db738b18d"
                + "eb4a427d1923ce3ff262735779a418f20a282df920147beabe421ee5319d0568");
    }

    @Test
    void matchesIeeeVector10WithA512ByteSectorOfXtsAes256() {
        assertVector("2718281828459045235360287471352662497757247093699959574966967627"
                + "3141592653589793238462643383279502884197169399375105820974944592", 0xff, PTX_512,
                "1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b5d31e276f8fe4a8d66b317f9ac683f44"
                + "680a86ac35adfc3345befecb4bb188fd5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0"
                + "c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca2a3e7a7d7df7b10355165c8b9a6d0a7d"
                + "e8b062c4500dc4cd120c0f7418dae3d0b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f"
                + "93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec583e9645e07b8d9670655ba5bbcfecc6"
                + "dc3966380ad8fecb17b6ba02469a020a84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1"
                + "505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae9be69a2ffeceb1bec9de244fbe15992b"
                + "11b77c040f12bd8f6a975a44a0f90c29a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac"
                + "6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f645e8b7e9bfdef33943054ff84011493"
                + "c27b3429eaedb4ed5376441a77ed43851ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa"
                + "773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151");
    }

    private static void assertVector(String key, long unit, String plainHex, String cipherHex) {
        XtsAes xts = new XtsAes(HEX.parseHex(key));
        byte[] buf = HEX.parseHex(plainHex);
        xts.transform(true, unit, buf, 0, buf.length, buf.length);
        assertThat(HEX.formatHex(buf)).isEqualTo(cipherHex);
        xts.transform(false, unit, buf, 0, buf.length, buf.length);
        assertThat(HEX.formatHex(buf)).isEqualTo(plainHex);
    }

    @Test
    void aBatchOfSectorsEqualsEachSectorOnItsOwn() {
        byte[] key = new byte[64];
        new Random(1).nextBytes(key);
        XtsAes xts = new XtsAes(key);
        byte[] data = new byte[200 * 512]; // more than one 64 KiB batch, not a whole number of batches
        new Random(2).nextBytes(data);
        byte[] batched = data.clone();
        xts.encrypt(1_000_000, batched, 0, batched.length);
        for (int s = 0; s < 200; s++) {
            byte[] one = java.util.Arrays.copyOfRange(data, s * 512, (s + 1) * 512);
            xts.encrypt(1_000_000 + s, one, 0, 512);
            assertThat(java.util.Arrays.copyOfRange(batched, s * 512, (s + 1) * 512)).as("sector %d", s).isEqualTo(one);
        }
        xts.decrypt(1_000_000, batched, 0, batched.length);
        assertThat(batched).isEqualTo(data);
    }

    @Test
    void threadsSharingOneCipherGetTheSameResultsAsOneThread() throws Exception {
        byte[] key = new byte[64];
        new Random(4).nextBytes(key);
        XtsAes xts = new XtsAes(key);
        byte[] data = new byte[256 * 1024];
        new Random(5).nextBytes(data);
        byte[] expected = data.clone();
        xts.encrypt(0, expected, 0, expected.length);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    byte[] mine = data.clone();
                    for (int off = 0; off < mine.length; off += 4096) {
                        xts.encrypt(off / 512, mine, off, 4096);
                    }
                    return mine;
                }));
            }
            for (java.util.concurrent.Future<byte[]> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSectorNumberIsTheTweakSoEqualPlaintextGivesDifferentCiphertext() {
        XtsAes xts = new XtsAes(new byte[32]);
        byte[] a = new byte[512];
        byte[] b = new byte[512];
        xts.encrypt(7, a, 0, 512);
        xts.encrypt(8, b, 0, 512);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void encryptsOnlyTheGivenRangeOfTheBuffer() {
        XtsAes xts = new XtsAes(new byte[32]);
        byte[] buf = new byte[3 * 512];
        xts.encrypt(0, buf, 512, 512);
        assertThat(java.util.Arrays.copyOfRange(buf, 0, 512)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(buf, 1024, 1536)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(buf, 512, 1024)).isNotEqualTo(new byte[512]);
    }

    @Test
    void refusesPartialSectorsAndBadKeys() {
        XtsAes xts = new XtsAes(new byte[64]);
        assertThatThrownBy(() -> xts.encrypt(0, new byte[1000], 0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> xts.decrypt(0, new byte[512], 256, 512)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new XtsAes(new byte[48])).isInstanceOf(IllegalArgumentException.class);
    }
}
