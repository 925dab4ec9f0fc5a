package org.novalab.disk.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;

class InfoPrinterTest {
    @TempDir
    Path dir;

    @Test
    void sizesPrintLikeQemusSizeToStr() {
        assertThat(QemuText.size(0)).isEqualTo("0 B");
        assertThat(QemuText.size(200704)).isEqualTo("196 KiB");
        assertThat(QemuText.size(2297856)).isEqualTo("2.19 MiB");
        assertThat(QemuText.size(1L << 30)).isEqualTo("1 GiB");
        assertThat(QemuText.size(41126400)).isEqualTo("39.2 MiB");
        assertThat(QemuText.size(1000)).isEqualTo("0.977 KiB");
        assertThat(QemuText.size(512)).isEqualTo("512 B");
        assertThat(QemuText.size(1023590)).as("999.6 KiB rounds up past three digits").isEqualTo("1e+03 KiB");
        // printf rounds an exact tie to even, as qemu-img's "disk size" of a 6.125 MiB file shows
        assertThat(QemuText.size(6422528)).as("6.125 MiB").isEqualTo("6.12 MiB");
        assertThat(QemuText.size(6684672)).as("6.375 MiB").isEqualTo("6.38 MiB");
    }

    @Test
    void percentagesPrintLikePrintfsTwoDecimals() {
        assertThat(QemuText.percent(50)).isEqualTo("50.00");
        assertThat(QemuText.percent(12.125)).as("a tie goes to even").isEqualTo("12.12");
        assertThat(QemuText.percent(0.375)).isEqualTo("0.38");
        assertThat(QemuText.percent(1.005)).as("the double just under 1.005").isEqualTo("1.00");
    }

    @Test
    void jsonMembersComeInQemusHashTableOrder() {
        // observed in qemu-img 7.2 output
        assertThat(QDictOrder.order(map("filename", "format", "dirty-flag", "actual-size", "virtual-size",
                "cluster-size", "encrypted", "backing-filename", "full-backing-filename", "backing-filename-format",
                "format-specific")).keySet()).containsExactly("backing-filename-format", "virtual-size", "filename",
                "cluster-size", "format", "actual-size", "format-specific", "full-backing-filename", "encrypted",
                "backing-filename", "dirty-flag");
        assertThat(QDictOrder.order(map("format", "cipher-alg", "cipher-mode", "ivgen-alg", "hash-alg",
                "payload-offset", "master-key-iters", "uuid", "slots")).keySet()).containsExactly("ivgen-alg",
                "hash-alg", "cipher-alg", "uuid", "format", "cipher-mode", "slots", "payload-offset",
                "master-key-iters");
    }

    private static LinkedHashMap<String, Object> map(String... keys) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (String k : keys) {
            m.put(k, 1);
        }
        return m;
    }

    @Test
    void anOverlaysTextAndJsonMatchQemuImg() {
        Path base = dir.resolve("b.raw");
        org.novalab.disk.qcow2.TestDisks.raw(base, 1L << 30);
        Path overlay = dir.resolve("o.qcow2");
        Disks.java().create(overlay, new CreateOptions(ImageFormat.QCOW2, 0, "b.raw", ImageFormat.RAW, 65536, null));
        ImageInfo info = Disks.java().info(overlay);
        ImageInfo asGiven = new ImageInfo("o.qcow2", info.format(), info.virtualSize(), 200704, info.encrypted(),
                info.clusterSize(), info.backingFilename(), "b.raw", info.backingFormat(), info.dirty(),
                info.formatSpecific());

        assertThat(InfoPrinter.text(asGiven)).isEqualTo("""
                image: o.qcow2
                file format: qcow2
                virtual size: 1 GiB (1073741824 bytes)
                disk size: 196 KiB
                cluster_size: 65536
                backing file: b.raw
                backing file format: raw
                Format specific information:
                    compat: 1.1
                    compression type: zlib
                    lazy refcounts: false
                    refcount bits: 16
                    corrupt: false
                    extended l2: false
                """);
        assertThat(InfoPrinter.json(asGiven)).isEqualTo("""
                {
                    "backing-filename-format": "raw",
                    "virtual-size": 1073741824,
                    "filename": "o.qcow2",
                    "cluster-size": 65536,
                    "format": "qcow2",
                    "actual-size": 200704,
                    "format-specific": {
                        "type": "qcow2",
                        "data": {
                            "compat": "1.1",
                            "compression-type": "zlib",
                            "lazy-refcounts": false,
                            "refcount-bits": 16,
                            "corrupt": false,
                            "extended-l2": false
                        }
                    },
                    "full-backing-filename": "b.raw",
                    "backing-filename": "b.raw",
                    "dirty-flag": false
                }
                """);
        assertThat(info.fullBackingFilename()).isEqualTo(dir.resolve("b.raw").toString());
        assertThat(InfoPrinter.text(info)).contains("backing file: b.raw (actual path: " + base + ")");
    }

    @Test
    void listsPrintAsIndexedBlocks() {
        LinkedHashMap<String, Object> slot = new LinkedHashMap<>();
        slot.put("active", false);
        slot.put("key-offset", 262144);
        LinkedHashMap<String, Object> spec = new LinkedHashMap<>();
        spec.put("slots", List.of(slot));
        ImageInfo info = new ImageInfo("x", ImageFormat.LUKS, 1024, 0, true, null, null, null, null, false, spec);
        assertThat(InfoPrinter.text(info)).endsWith("""
                Format specific information:
                    slots:
                        [0]:
                            active: false
                            key offset: 262144
                """);
    }
}
