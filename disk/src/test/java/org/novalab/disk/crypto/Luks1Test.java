package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.novalab.disk.CorruptImage;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.UnsupportedImage;

/** LUKS1 volumes: QEMU's layout, unlocking, and refusal of wrong passphrases and corrupt headers. */
class Luks1Test {
    private static byte[] headerBytes;
    private static LuksHeader header;

    @BeforeAll
    static void formatOnce() {
        try (LuksVolume volume = Luks1.format(Passphrase.of("123456"), LuksParams.withIterations(1000))) {
            headerBytes = volume.headerBytes();
            header = volume.header();
        }
    }

    @Test
    void aNewVolumeIsLaidOutLikeQemuLaysOutAes256Xts() {
        assertThat(header.cipherName()).isEqualTo("aes");
        assertThat(header.cipherMode()).isEqualTo("xts-plain64");
        assertThat(header.hashSpec()).isEqualTo("sha256");
        assertThat(header.keyBytes()).isEqualTo(64);
        assertThat(header.cipherAlg()).isEqualTo("aes-256");
        assertThat(header.cipherModeName()).isEqualTo("xts");
        assertThat(header.ivgenAlg()).isEqualTo("plain64");
        assertThat(header.payloadOffset()).isEqualTo(2068480);
        assertThat(headerBytes).hasSize(2068480);
        assertThat(header.keySlots()).extracting(LuksKeySlot::keyMaterialOffset)
                .containsExactly(4096L, 262144L, 520192L, 778240L, 1036288L, 1294336L, 1552384L, 1810432L);
        assertThat(header.keySlots()).extracting(LuksKeySlot::active)
                .containsExactly(true, false, false, false, false, false, false, false);
        assertThat(header.keySlots()).extracting(LuksKeySlot::stripes).containsOnly(4000);
        assertThat(header.keySlots().get(0).iterations()).isEqualTo(1000);
        assertThat(header.masterKeyDigestIterations()).isEqualTo(1000);
        assertThat(header.uuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(Arrays.copyOf(headerBytes, 8)).containsExactly('L', 'U', 'K', 'S', 0xba, 0xbe, 0, 1);
        assertThat(Luks1.isLuks(headerBytes)).isTrue();
        assertThat(Luks1.isLuks(new byte[600])).isFalse();
    }

    @Test
    void aes128XtsUsesA32ByteKeyAndSmallerSlots() {
        LuksParams params = new LuksParams(256, "sha256", 1000, null);
        try (LuksVolume volume = Luks1.format(Passphrase.of("pw"), params)) {
            assertThat(volume.header().keyBytes()).isEqualTo(32);
            assertThat(volume.header().cipherAlg()).isEqualTo("aes-128");
            assertThat(volume.header().keySlots().get(1).keyMaterialSector()).isEqualTo(8 + 256);
            assertThat(volume.header().payloadOffsetSectors()).isEqualTo(8 + 8 * 256);
        }
    }

    @Test
    void iterTimeIsCalibratedLikeQemuTheSlotGetsTheTimeTheDigestAnEighth() {
        try (LuksVolume volume = Luks1.format(Passphrase.of("pw"), new LuksParams(512, "sha256", null, 100))) {
            long slot = volume.header().keySlots().get(0).iterations();
            long digest = volume.header().masterKeyDigestIterations();
            assertThat(digest).isGreaterThan(1000);
            // A 64-byte key is two sha256 blocks per slot iteration: slot = r/2 * t, digest = r * t / 8, so 4:1.
            assertThat(slot).isCloseTo(4 * digest, within(16L));
        }
    }

    @Test
    void anExplicitIterationCountDrivesTheSlotAndTheDigestGetsQemusShare() {
        try (LuksVolume volume = Luks1.format(Passphrase.of("pw"), LuksParams.withIterations(8000))) {
            assertThat(volume.header().keySlots().get(0).iterations()).isEqualTo(8000);
            assertThat(volume.header().masterKeyDigestIterations()).isEqualTo(2000);
        }
    }

    @Test
    void anIterationCountItCouldNotReadBackIsRefused() {
        assertThatThrownBy(() -> Luks1.format(Passphrase.of("pw"), LuksParams.withIterations(Integer.MAX_VALUE)))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("iterations");
    }

    @Test
    void theRightPassphraseRecoversTheMasterKeySoDataRoundTrips() {
        byte[] plain = new byte[4096];
        new Random(3).nextBytes(plain);
        byte[] sealed = plain.clone();
        try (LuksVolume created = Luks1.format(Passphrase.of("s3cret"), LuksParams.withIterations(1000))) {
            created.cipher().encrypt(4040, sealed, 0, sealed.length);
            try (LuksVolume opened = Luks1.open(created.headerBytes(), Passphrase.of("s3cret"))) {
                byte[] copy = sealed.clone();
                opened.cipher().decrypt(4040, copy, 0, copy.length);
                assertThat(copy).isEqualTo(plain);
                assertThat(opened.header().uuid()).isEqualTo(created.header().uuid());
            }
        }
        assertThat(sealed).isNotEqualTo(plain);
    }

    @Test
    void aWrongPassphraseIsRefusedWithQemusMessage() {
        assertThatThrownBy(() -> Luks1.open(headerBytes, Passphrase.of("654321")))
                .isInstanceOf(InvalidPassphrase.class)
                .hasMessage("Invalid password, cannot unlock any keyslot");
    }

    @Test
    void aClosedVolumeRefusesToEncrypt() {
        LuksVolume volume = Luks1.open(headerBytes, Passphrase.of("123456"));
        volume.close();
        assertThatThrownBy(() -> volume.cipher().encrypt(0, new byte[512], 0, 512))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theHeaderSerializesBackToTheSameBytes() {
        LuksHeader parsed = LuksHeader.parse(headerBytes);
        assertThat(parsed.toBytes()).isEqualTo(Arrays.copyOf(headerBytes, LuksHeader.LENGTH));
        assertThat(parsed).isEqualTo(header).hasSameHashCodeAs(header);
        assertThat(parsed.uuid()).isEqualTo(header.uuid());
        assertThat(parsed.masterKeyDigest()).isEqualTo(header.masterKeyDigest());
    }

    @Test
    void corruptOrUnsupportedHeadersGetAClearErrorNotAnAllocation() {
        assertThatThrownBy(() -> LuksHeader.parse(Arrays.copyOf(headerBytes, 100)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Luks1.open(withByte(0, 'X'), Passphrase.of("123456")))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(6, 0x0002_6165)))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(108, 48)))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("48 bytes");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(108, 0x7fff_ffff)))
                .isInstanceOf(UnsupportedImage.class);
        assertThatThrownBy(() -> LuksHeader.parse(withInt(104, -1)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("payload offset");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(164, 0)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("0 iterations");
        int slot0 = 208;
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 4, 0)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("slot 0 has 0 iterations");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(164, -1)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("4294967295 iterations");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 4, -1)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("slot 0 has 4294967295 iterations");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 44, -1)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("stripes");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 44, 60000)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 40, 4000)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("payload");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 40, 1)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("header");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0 + 48 + 40, 100)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> LuksHeader.parse(withInt(slot0, 0x1234)))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("unknown state");
        byte[] unterminated = headerBytes.clone();
        Arrays.fill(unterminated, 8, 40, (byte) 'a');
        assertThatThrownBy(() -> LuksHeader.parse(unterminated))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("cipher name");
        assertThatThrownBy(() -> Luks1.open(Arrays.copyOf(headerBytes, 100_000), Passphrase.of("123456")))
                .isInstanceOf(CorruptImage.class).hasMessageContaining("key material");
    }

    @Test
    void unsupportedCiphersAndHashesAreNamed() {
        byte[] cbc = headerBytes.clone();
        byte[] mode = "cbc-essiv:sha256".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Arrays.fill(cbc, 40, 72, (byte) 0);
        System.arraycopy(mode, 0, cbc, 40, mode.length);
        assertThatThrownBy(() -> LuksHeader.parse(cbc))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("cbc-essiv:sha256");
        byte[] ripemd = headerBytes.clone();
        byte[] hash = "ripemd160".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Arrays.fill(ripemd, 72, 104, (byte) 0);
        System.arraycopy(hash, 0, ripemd, 72, hash.length);
        assertThatThrownBy(() -> LuksHeader.parse(ripemd))
                .isInstanceOf(UnsupportedImage.class).hasMessageContaining("ripemd160");
    }

    private static byte[] withByte(int offset, int value) {
        byte[] copy = headerBytes.clone();
        copy[offset] = (byte) value;
        return copy;
    }

    private static byte[] withInt(int offset, int value) {
        byte[] copy = headerBytes.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }
}
