package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AntiForensicSplitterTest {
    @Test
    void mergingTheStripesGivesBackTheKeyForEveryHash() {
        for (LuksHash hash : LuksHash.values()) {
            for (int keyLength : new int[] {32, 64, 33}) {
                byte[] key = new byte[keyLength];
                new Random(keyLength).nextBytes(key);
                byte[] material = AntiForensicSplitter.split(key, 4000, hash, new SecureRandom());
                assertThat(material).hasSize(keyLength * 4000);
                assertThat(AntiForensicSplitter.merge(material, keyLength, 4000, hash)).as("%s/%d", hash, keyLength)
                        .isEqualTo(key);
            }
        }
    }

    @Test
    void damagingAnyStripeLosesTheKey() {
        byte[] key = new byte[64];
        new Random(1).nextBytes(key);
        byte[] material = AntiForensicSplitter.split(key, 4000, LuksHash.SHA256, new SecureRandom());
        material[10 * 64 + 5] ^= 1;
        assertThat(AntiForensicSplitter.merge(material, 64, 4000, LuksHash.SHA256)).isNotEqualTo(key);
    }

    @Test
    void oneStripeIsTheKeyItself() {
        byte[] key = {1, 2, 3, 4};
        assertThat(AntiForensicSplitter.split(key, 1, LuksHash.SHA256, new SecureRandom())).containsExactly(1, 2, 3, 4);
    }
}
