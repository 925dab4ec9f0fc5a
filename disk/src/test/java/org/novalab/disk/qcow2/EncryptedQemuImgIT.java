package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.info.InfoPrinter;

/**
 * What the interop matrix does not cover: raw LUKS containers both ways, legacy AES written by qemu-img with a
 * wrong key, compressed clusters written by qemu-img (read, checked, overwritten).
 */
@Tag("integration")
class EncryptedQemuImgIT {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;
    QemuImgRunner qemu;

    @BeforeEach
    void tools() {
        qemu = new QemuImgRunner(dir);
    }

    private static KeyLookup key(String s) {
        return KeyLookup.always(Passphrase.of(s));
    }

    @Test
    void rawLuksContainersWorkBothWays() throws Exception {
        qemu.okRetrying("qemu-img", "create", "-q", "-f", "luks", "--object", "secret,id=s,data=pw", "-o",
                "key-secret=s,iter-time=10", "q.luks", "2M");
        qemu.ok("qemu-io", "--object", "secret,id=s,data=pw", "--image-opts",
                "driver=luks,file.filename=q.luks,key-secret=s", "-c", "write -P 0x6b 4096 100k");
        qemu.ok("qemu-img", "convert", "--object", "secret,id=s,data=pw", "--image-opts",
                "driver=luks,file.filename=q.luks,key-secret=s", "-O", "raw", "q.raw");
        assertThat(TestDisks.read(dir.resolve("q.luks"), key("pw"), 0, 2 * MIB))
                .isEqualTo(Files.readAllBytes(dir.resolve("q.raw")));
        assertThat(InfoPrinter.text(Disks.java().info(dir.resolve("q.luks")).withFilename("q.luks")))
                .isEqualTo(qemu.ok("qemu-img", "info", "q.luks"));
        assertThat(InfoPrinter.json(Disks.java().info(dir.resolve("q.luks")).withFilename("q.luks")))
                .isEqualTo(qemu.ok("qemu-img", "info", "--output=json", "q.luks"));
        assertThatThrownBy(() -> TestDisks.read(dir.resolve("q.luks"), key("bad"), 0, 1))
                .isInstanceOf(InvalidPassphrase.class);

        Path ours = dir.resolve("n.luks");
        Disks.java().convert(dir.resolve("q.raw"), ImageFormat.RAW, KeyLookup.NONE, ours,
                new CreateOptions(ImageFormat.LUKS, 0, null, null, 65536,
                        EncryptionSpec.luks(Passphrase.of("pw2"), LuksParams.withIterations(1000))));
        assertThat(qemu.ok("qemu-img", "compare", "--object", "secret,id=s,data=pw2", "--image-opts",
                "driver=luks,file.filename=n.luks,key-secret=s", "driver=raw,file.filename=q.raw"))
                .contains("Images are identical.");
    }

    @Test
    void legacyAesFromQemuReadsGarbageWithAWrongKeyAndPlaintextWithTheRightOne() throws Exception {
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "--object", "secret,id=s,data=123456", "-o",
                "encrypt.format=aes,encrypt.key-secret=s", "a.qcow2", "1M");
        qemu.ok("qemu-io", "--object", "secret,id=s,data=123456", "--image-opts",
                "driver=qcow2,file.filename=a.qcow2,encrypt.key-secret=s", "-c", "write -P 0x42 0 64k");
        byte[] expected = new byte[65536];
        java.util.Arrays.fill(expected, (byte) 0x42);

        assertThat(TestDisks.read(dir.resolve("a.qcow2"), key("123456"), 0, 65536)).isEqualTo(expected);
        assertThat(TestDisks.read(dir.resolve("a.qcow2"), key("654321"), 0, 65536)).isNotEqualTo(expected);
        assertThat(InfoPrinter.text(Disks.java().info(dir.resolve("a.qcow2")).withFilename("a.qcow2")))
                .isEqualTo(qemu.ok("qemu-img", "info", "a.qcow2"));
    }

    @Test
    void version2LegacyAesImagesAsOldNovaMadeThemAreReadAndDescribed() throws Exception {
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "--object", "secret,id=s,data=123456", "-o",
                "compat=0.10,encrypt.format=aes,encrypt.key-secret=s", "v2.qcow2", "1M");
        qemu.ok("qemu-io", "--object", "secret,id=s,data=123456", "--image-opts",
                "driver=qcow2,file.filename=v2.qcow2,encrypt.key-secret=s", "-c", "write -P 0x77 512 64k");
        byte[] expected = new byte[MIB];
        java.util.Arrays.fill(expected, 512, 512 + 65536, (byte) 0x77);

        assertThat(TestDisks.read(dir.resolve("v2.qcow2"), key("123456"), 0, MIB)).isEqualTo(expected);
        assertThat(InfoPrinter.text(Disks.java().info(dir.resolve("v2.qcow2")).withFilename("v2.qcow2")))
                .isEqualTo(qemu.ok("qemu-img", "info", "v2.qcow2"));
        assertThat(InfoPrinter.json(Disks.java().info(dir.resolve("v2.qcow2")).withFilename("v2.qcow2")))
                .isEqualTo(qemu.ok("qemu-img", "info", "--output=json", "v2.qcow2"));
    }

    @Test
    void compressedClustersFromQemuReadAndCanBeOverwritten() throws Exception {
        Path src = TestDisks.raw(dir.resolve("s.raw"), 2 * MIB);
        byte[] compressible = new byte[MIB];
        for (int i = 0; i < compressible.length; i++) {
            compressible[i] = (byte) (i / 1000);
        }
        TestDisks.poke(src, 0, compressible);
        TestDisks.poke(src, MIB, TestDisks.pattern(MIB, 3));
        qemu.ok("qemu-img", "convert", "-c", "-O", "qcow2", "s.raw", "c.qcow2");
        Path image = dir.resolve("c.qcow2");

        assertThat(TestDisks.read(image, 0, 2 * MIB)).isEqualTo(Files.readAllBytes(src));
        assertThat(org.novalab.disk.check.ImageCheck.check(image, null).text())
                .isEqualTo(qemu.ok("qemu-img", "check", "c.qcow2"));

        byte[] patch = TestDisks.pattern(5000, 8);
        TestDisks.write(image, KeyLookup.NONE, 70_000, patch);
        TestDisks.write(image, KeyLookup.NONE, 3 * 65536, new byte[65536]);
        TestDisks.poke(src, 70_000, patch);
        TestDisks.poke(src, 3 * 65536, new byte[65536]);
        assertThat(qemu.run("qemu-img", "check", "c.qcow2").status()).as("no leaks or errors after COW").isZero();
        assertThat(qemu.ok("qemu-img", "compare", "-f", "qcow2", "-F", "raw", "c.qcow2", "s.raw"))
                .contains("Images are identical.");
        assertThat(TestDisks.read(image, 0, 2 * MIB)).isEqualTo(Files.readAllBytes(src));
    }
}
