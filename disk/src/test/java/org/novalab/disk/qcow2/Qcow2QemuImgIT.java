package org.novalab.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.info.InfoPrinter;
import org.novalab.disk.map.ImageMapper;
import org.novalab.disk.map.MapPrinter;

/** Plain qcow2 both ways against the real qemu-img 7.2: check, compare, info text/json, map. */
@Tag("integration")
class Qcow2QemuImgIT {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;
    QemuImgRunner qemu;

    @BeforeEach
    void tools() {
        qemu = new QemuImgRunner(dir);
    }

    private Path base(int size) {
        Path base = TestDisks.raw(dir.resolve("base.raw"), size);
        TestDisks.poke(base, 0, TestDisks.pattern(size / 2, 1));
        return base;
    }

    /** Same edits on a raw copy, to compare against. */
    private void edit(Path image, Path expectedRaw) {
        long[] offsets = {0, 511, 65536 + 100, 3 * MIB - 7, 5 * MIB};
        int[] lengths = {100, 70_000, 200_000, 4096, MIB};
        for (int i = 0; i < offsets.length; i++) {
            byte[] data = TestDisks.pattern(lengths[i], 10 + i);
            TestDisks.write(image, KeyLookup.NONE, offsets[i], data);
            TestDisks.poke(expectedRaw, offsets[i], data);
        }
    }

    private void assertInfoMatches(String name) {
        assertThat(InfoPrinter.text(Disks.java().info(dir.resolve(name)).withFilename(name)))
                .isEqualTo(qemu.ok("qemu-img", "info", name));
        assertThat(InfoPrinter.json(Disks.java().info(dir.resolve(name)).withFilename(name)))
                .isEqualTo(qemu.ok("qemu-img", "info", "--output=json", name));
    }

    @ParameterizedTest(name = "cluster size {0}")
    @ValueSource(ints = {512, 65536, 2 << 20})
    void anOverlayNovalabWritesIsCleanAndIdenticalForQemuImg(int clusterSize) throws Exception {
        base(8 * MIB);
        Path expected = Files.copy(dir.resolve("base.raw"), dir.resolve("expected.raw"));
        Path overlay = dir.resolve("overlay.qcow2");
        Disks.java().create(overlay, new CreateOptions(ImageFormat.QCOW2, 0, "base.raw", ImageFormat.RAW,
                clusterSize, null));
        edit(overlay, expected);

        assertThat(qemu.run("qemu-img", "check", "overlay.qcow2").status()).isZero();
        assertThat(qemu.ok("qemu-img", "compare", "-f", "qcow2", "-F", "raw", "overlay.qcow2", "expected.raw"))
                .contains("Images are identical.");
        assertInfoMatches("overlay.qcow2");
        String ourCheck = org.novalab.disk.check.ImageCheck.check(overlay, null).text();
        assertThat(ourCheck).isEqualTo(qemu.ok("qemu-img", "check", "overlay.qcow2"));
    }

    @ParameterizedTest(name = "cluster size {0}")
    @ValueSource(ints = {512, 4096, 65536, 2 << 20})
    void createWritesTheSameBytesAsQemuImg(int clusterSize) throws Exception {
        base(4 * MIB);
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize, "q.qcow2", "3G");
        Disks.java().create(dir.resolve("n.qcow2"), CreateOptions.qcow2(3L << 30).withClusterSize(clusterSize));
        assertThat(Files.readAllBytes(dir.resolve("n.qcow2"))).isEqualTo(Files.readAllBytes(dir.resolve("q.qcow2")));
        qemu.ok("qemu-img", "resize", "-q", "q.qcow2", "5G");
        Disks.java().resize(dir.resolve("n.qcow2"), 5L << 30, KeyLookup.NONE);
        assertThat(Files.readAllBytes(dir.resolve("n.qcow2"))).as("after growing the L1 table")
                .isEqualTo(Files.readAllBytes(dir.resolve("q.qcow2")));

        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize, "-b", "base.raw",
                "-F", "raw", "qo.qcow2");
        Disks.java().create(dir.resolve("no.qcow2"), new CreateOptions(ImageFormat.QCOW2, 0, "base.raw",
                ImageFormat.RAW, clusterSize, null));
        assertThat(Files.readAllBytes(dir.resolve("no.qcow2")))
                .isEqualTo(Files.readAllBytes(dir.resolve("qo.qcow2")));
    }

    @ParameterizedTest(name = "cluster size {0}")
    @ValueSource(ints = {512, 65536, 2 << 20})
    void novalabReadsWhatQemuWrites(int clusterSize) throws Exception {
        base(8 * MIB);
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "cluster_size=" + clusterSize, "-b", "base.raw",
                "-F", "raw", "q.qcow2");
        qemu.ok("qemu-io", "-c", "write -P 0x11 1000 300000", "-c", "write -z 2M 1M", "-c", "write -P 0x33 7M 4096",
                "q.qcow2");
        qemu.ok("qemu-img", "convert", "-O", "raw", "q.qcow2", "q.raw");

        assertThat(TestDisks.read(dir.resolve("q.qcow2"), 0, 8 * MIB))
                .isEqualTo(Files.readAllBytes(dir.resolve("q.raw")));
        assertInfoMatches("q.qcow2");
        assertThat(MapPrinter.json(mapOf("q.qcow2"))).isEqualTo(qemu.ok("qemu-img", "map", "--output=json",
                "q.qcow2"));
    }

    private java.util.List<org.novalab.disk.map.MapExtent> mapOf(String name) {
        try (var chain = org.novalab.disk.chain.ImageChain.open(dir.resolve(name), null, KeyLookup.NONE, false, false)) {
            return ImageMapper.extents(chain).stream().map(e -> new org.novalab.disk.map.MapExtent(e.start(),
                    e.length(), e.depth(), e.present(), e.zero(), e.data(), e.offset(),
                    dir.relativize(Path.of(e.filename()).toAbsolutePath()).toString(), e.encrypted())).toList();
        }
    }

    @Test
    void aQcow2ChainMixingBothToolsReadsTheSameEverywhere() throws Exception {
        base(4 * MIB);
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", "mid.qcow2");
        qemu.ok("qemu-io", "-c", "write -P 0x44 64k 64k", "mid.qcow2");
        Path top = dir.resolve("top.qcow2");
        Disks.java().create(top, new CreateOptions(ImageFormat.QCOW2, 0, "mid.qcow2", ImageFormat.QCOW2, 65536,
                null));
        TestDisks.write(top, KeyLookup.NONE, 100_000, TestDisks.pattern(50_000, 6));
        qemu.ok("qemu-img", "convert", "-O", "raw", "top.qcow2", "top.raw");

        assertThat(TestDisks.read(top, 0, 4 * MIB)).isEqualTo(Files.readAllBytes(dir.resolve("top.raw")));
        assertThat(qemu.run("qemu-img", "check", "top.qcow2").status()).isZero();
        assertInfoMatches("top.qcow2");
        var chain = org.novalab.disk.info.ImageInspector.chain(top, null);
        assertThat(InfoPrinter.chainText(chain)).isEqualTo(qemu.ok("qemu-img", "info", "--backing-chain",
                top.toString()));
        assertThat(InfoPrinter.chainJson(chain)).isEqualTo(qemu.ok("qemu-img", "info", "--backing-chain",
                "--output=json", top.toString()));
        assertThat(MapPrinter.json(mapOf("top.qcow2"))).isEqualTo(qemu.ok("qemu-img", "map", "--output=json",
                "top.qcow2"));
    }

    @Test
    void mapAgreesWithQemuPastAShortBackingFileAndOverAnEmptyQcow2Base() {
        TestDisks.raw(dir.resolve("short.raw"), 512 * 1024);
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", "short.raw", "-F", "raw", "s.qcow2", "1M");
        assertThat(MapPrinter.json(mapOf("s.qcow2"))).isEqualTo(qemu.ok("qemu-img", "map", "--output=json",
                "s.qcow2"));
        assertThat(TestDisks.read(dir.resolve("s.qcow2"), 0, MIB)).containsOnly(0);

        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "m1.qcow2", "1M");
        qemu.ok("qemu-io", "-c", "write 0 64k", "m1.qcow2");
        Disks.java().create(dir.resolve("m2.qcow2"), new CreateOptions(ImageFormat.QCOW2, 0, "m1.qcow2",
                ImageFormat.QCOW2, 65536, null));
        assertThat(MapPrinter.json(mapOf("m2.qcow2"))).isEqualTo(qemu.ok("qemu-img", "map", "--output=json",
                "m2.qcow2"));
        assertThat(MapPrinter.text(mapOf("m2.qcow2"))).isEqualTo(qemu.ok("qemu-img", "map", "m2.qcow2"));
    }

    @Test
    void version2ImagesFromQemuAreReadAndDescribed() throws Exception {
        qemu.ok("qemu-img", "create", "-q", "-f", "qcow2", "-o", "compat=0.10", "v2.qcow2", "4M");
        qemu.ok("qemu-io", "-c", "write -P 0x5a 0 100k", "v2.qcow2");
        byte[] expected = new byte[4 * MIB];
        Arrays.fill(expected, 0, 100 * 1024, (byte) 0x5a);
        assertThat(TestDisks.read(dir.resolve("v2.qcow2"), 0, 4 * MIB)).isEqualTo(expected);
        assertInfoMatches("v2.qcow2");
    }

    @Test
    void resizeAndConvertOutputsPassQemuImgCheck() throws Exception {
        base(4 * MIB);
        Path image = dir.resolve("r.qcow2");
        Disks.java().create(image, CreateOptions.qcow2(4 * MIB).withClusterSize(512));
        TestDisks.write(image, KeyLookup.NONE, 0, TestDisks.pattern(MIB, 2));
        Disks.java().resize(image, 3L << 30, KeyLookup.NONE);
        assertThat(qemu.run("qemu-img", "check", "r.qcow2").status()).isZero();
        assertInfoMatches("r.qcow2");

        Disks.java().convert(image, null, KeyLookup.NONE, dir.resolve("c.qcow2"), CreateOptions.qcow2(0));
        assertThat(qemu.run("qemu-img", "check", "c.qcow2").status()).isZero();
        assertThat(qemu.ok("qemu-img", "compare", "r.qcow2", "c.qcow2")).contains("Images are identical.");
    }
}
