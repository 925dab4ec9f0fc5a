package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.disk.check.ImageCheck;

class EncryptedImageTest {
    private static final int MIB = 1 << 20;
    private static final LuksParams FAST = LuksParams.withIterations(1000);

    @TempDir
    Path dir;

    private static KeyLookup key(String s) {
        return KeyLookup.always(Passphrase.of(s));
    }

    private Path base() {
        Path base = TestDisks.raw(dir.resolve("base.raw"), 4 * MIB);
        TestDisks.poke(base, 0, TestDisks.pattern(4 * MIB, 1));
        return base;
    }

    @Test
    void legacyAesStoresCiphertextAndAWrongPassphraseReadsGarbageWithoutError() {
        Path image = dir.resolve("aes.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(4 * MIB).withEncryption(EncryptionSpec.aes(
                Passphrase.of("123456"))));
        byte[] data = TestDisks.pattern(200_000, 2);
        TestDisks.write(image, key("123456"), 1000, data);

        assertThat(TestDisks.read(image, key("123456"), 1000, data.length)).isEqualTo(data);
        byte[] garbage = TestDisks.read(image, key("654321"), 1000, data.length);
        assertThat(garbage).hasSize(data.length).isNotEqualTo(data);
        assertThat(Disks.java().info(image).encrypted()).isTrue();
        assertThat(ImageCheck.check(image, null).exitStatus()).isZero();
    }

    @Test
    void luksRefusesAWrongPassphraseAtOpen() {
        Path image = dir.resolve("luks.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(4 * MIB).withEncryption(
                EncryptionSpec.luks(Passphrase.of("right"), FAST)));
        TestDisks.write(image, key("right"), 0, TestDisks.pattern(MIB, 3));

        assertThat(TestDisks.read(image, key("right"), 0, MIB)).isEqualTo(TestDisks.pattern(MIB, 3));
        assertThatThrownBy(() -> TestDisks.read(image, key("wrong"), 0, 1)).isInstanceOf(InvalidPassphrase.class)
                .hasMessage("Invalid password, cannot unlock any keyslot");
        assertThat(ImageCheck.check(image, null).exitStatus()).isZero();
    }

    @Test
    void dataNeedsAPassphraseButInfoDoesNot() {
        Path image = dir.resolve("luks.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(4 * MIB).withEncryption(
                EncryptionSpec.luks(Passphrase.of("pw"), FAST)));

        assertThatThrownBy(() -> TestDisks.read(image, KeyLookup.NONE, 0, 1)).isInstanceOf(PassphraseRequired.class)
                .hasMessageContaining("encrypt.key-secret");
        ImageInfo info = Disks.java().info(image);
        assertThat(info.encrypted()).isTrue();
        assertThat(info.formatSpecific().get("encrypt")).asString().contains("format=luks")
                .contains("payload-offset").doesNotContain("pw");
    }

    @Test
    void luksSectorsAreNumberedByHostOffsetSoTheSameDataEncryptsDifferentlyPerCluster() throws Exception {
        Path image = dir.resolve("luks.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(4 * MIB).withEncryption(
                EncryptionSpec.luks(Passphrase.of("pw"), FAST)));
        byte[] same = new byte[65536];
        java.util.Arrays.fill(same, (byte) 0x5a);
        TestDisks.write(image, key("pw"), 0, same);
        TestDisks.write(image, key("pw"), 65536, same);
        byte[] file = Files.readAllBytes(image);
        String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(new String(same, java.nio.charset.StandardCharsets.ISO_8859_1)
                .substring(0, 512));
        assertThat(TestDisks.read(image, key("pw"), 0, 131072)).containsOnly(0x5a);
    }

    @Test
    void anEncryptedOverlayOnAPlainBaseDecryptsOnlyItsOwnClusters() {
        base();
        Path top = dir.resolve("top.qcow2");
        Disks.java().create(top, new CreateOptions(ImageFormat.QCOW2, 0, "base.raw", ImageFormat.RAW, 65536,
                EncryptionSpec.luks(Passphrase.of("pw"), FAST)));
        TestDisks.write(top, key("pw"), 100, new byte[] {1, 2, 3});

        byte[] expected = TestDisks.pattern(4 * MIB, 1);
        expected[100] = 1;
        expected[101] = 2;
        expected[102] = 3;
        assertThat(TestDisks.read(top, key("pw"), 0, 4 * MIB)).isEqualTo(expected);
    }

    @Test
    void convertReEncryptsAnAesImageAsLuksAndBack() {
        Path aes = dir.resolve("aes.qcow2");
        Disks.java().create(aes, CreateOptions.qcow2(2 * MIB).withEncryption(EncryptionSpec.aes(Passphrase.of("a"))));
        TestDisks.write(aes, key("a"), 4096, TestDisks.pattern(70_000, 4));

        Path luks = dir.resolve("luks.qcow2");
        Disks.java().convert(aes, ImageFormat.QCOW2, key("a"), luks,
                CreateOptions.qcow2(0).withEncryption(EncryptionSpec.luks(Passphrase.of("b"), FAST)));
        Path plain = dir.resolve("plain.raw");
        Disks.java().convert(luks, null, key("b"), plain,
                new CreateOptions(ImageFormat.RAW, 0, null, null, 65536, null));

        assertThat(TestDisks.read(plain, 4096, 70_000)).isEqualTo(TestDisks.pattern(70_000, 4));
        assertThat(TestDisks.read(luks, key("b"), 0, 2 * MIB)).isEqualTo(TestDisks.read(aes, key("a"), 0, 2 * MIB));
    }

    @Test
    void rawLuksContainersRoundTrip() {
        Path luks = dir.resolve("disk.luks");
        Disks.java().create(luks, new CreateOptions(ImageFormat.LUKS, MIB, null, null, 65536,
                EncryptionSpec.luks(Passphrase.of("pw"), FAST)));
        TestDisks.write(luks, key("pw"), 513, TestDisks.pattern(5000, 5));

        assertThat(TestDisks.read(luks, key("pw"), 513, 5000)).isEqualTo(TestDisks.pattern(5000, 5));
        assertThat(Disks.java().info(luks).format()).isEqualTo(ImageFormat.LUKS);
        assertThat(Disks.java().info(luks).virtualSize()).isEqualTo(MIB);
        assertThatThrownBy(() -> TestDisks.read(luks, key("nope"), 0, 1)).isInstanceOf(InvalidPassphrase.class);
    }
}
