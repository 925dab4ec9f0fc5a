package org.novalab.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;
import org.novalab.testing.RealTools;

/**
 * {@code novalab img convert -p} and {@code novalab img map} over raw files, byte for byte against the real
 * qemu-img: fully allocated, with holes, with a trailing hole, all zeros written (no holes), and a qcow2 source.
 */
@Tag("integration")
class ImgProgressAndMapIT {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** The raw files: name -> how it is laid out (data written, holes left by extending the file). */
    private Path layout(String name) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            switch (name) {
                case "full.raw" -> write(f, 0, 5 * MIB + 4096, 1);
                case "holes.raw" -> {
                    write(f, 0, 3 * MIB, 2);
                    write(f, 9 * MIB, 5 * MIB, 3);
                    f.setLength(20 * MIB);
                }
                case "trailing.raw" -> {
                    write(f, 0, 7 * MIB, 4);
                    f.setLength(16 * MIB);
                }
                case "zeros.raw" -> f.write(new byte[6 * MIB]);
                case "empty.raw" -> f.setLength(8 * MIB);
                default -> throw new IllegalArgumentException(name);
            }
        }
        return file;
    }

    private static void write(RandomAccessFile f, long at, int length, int seed) throws IOException {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        f.seek(at);
        f.write(data);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"full.raw", "holes.raw", "trailing.raw", "zeros.raw", "empty.raw"})
    void convertProgressIsQemuImgsByteForByte(String name) throws IOException {
        layout(name);
        String qemu = qemu("qemu-img", "convert", "-p", "-f", "raw", "-O", "raw", name, "q.out");
        String ours = novalab("img", "convert", "-p", "-f", "raw", "-O", "raw", name, "n.out");
        assertThat(ours).isEqualTo(qemu).startsWith("    (0.00/100%)\r").endsWith("    (100.00/100%)\r\n");
        assertThat(qemu("qemu-img", "compare", "-f", "raw", "-F", "raw", "q.out", "n.out"))
                .contains("Images are identical");
    }

    @Test
    void convertProgressOfAQcow2SourceCountsItsClusters() throws IOException {
        layout("holes.raw");
        qemu("qemu-img", "convert", "-f", "raw", "-O", "qcow2", "holes.raw", "h.qcow2");
        String qemu = qemu("qemu-img", "convert", "-p", "-O", "qcow2", "h.qcow2", "q.qcow2");
        assertThat(novalab("img", "convert", "-p", "-O", "qcow2", "h.qcow2", "n.qcow2")).isEqualTo(qemu);
        assertThat(qemu.split("\r")).hasSizeGreaterThan(4);
    }

    @Test
    void quietWinsOverProgress() throws IOException {
        layout("full.raw");
        assertThat(novalab("img", "convert", "-p", "-q", "-O", "raw", "full.raw", "n.out"))
                .isEqualTo(qemu("qemu-img", "convert", "-p", "-q", "-O", "raw", "full.raw", "q.out")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"full.raw", "holes.raw", "trailing.raw", "zeros.raw", "empty.raw"})
    void mapOfARawFileIsQemuImgsTextAndJson(String name) throws IOException {
        layout(name);
        assertThat(novalab("img", "map", name)).isEqualTo(qemu("qemu-img", "map", name));
        assertThat(novalab("img", "map", "--output=json", name))
                .isEqualTo(qemu("qemu-img", "map", "--output=json", name));
    }

    @Test
    void mapOfAnOverlayShowsTheRawBackingFilesHolesAsQemuImgDoes() throws IOException {
        layout("holes.raw");
        qemu("qemu-img", "create", "-q", "-f", "qcow2", "-b", "holes.raw", "-F", "raw", "ov.qcow2", "24M");
        qemu("qemu-io", "-c", "write -P 7 1M 64k", "ov.qcow2");
        assertThat(novalab("img", "map", "--output=json", "ov.qcow2"))
                .isEqualTo(qemu("qemu-img", "map", "--output=json", "ov.qcow2"));
        assertThat(novalab("img", "map", "ov.qcow2")).isEqualTo(qemu("qemu-img", "map", "ov.qcow2"));
    }

    @Test
    void aFullyAllocatedRawFileIsOneExtentEvenWhereItHoldsZeros() throws IOException {
        Path file = layout("zeros.raw");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            write(f, 2 * MIB, 4096, 9);
        }
        String map = novalab("img", "map", "zeros.raw");
        assertThat(map).isEqualTo(qemu("qemu-img", "map", "zeros.raw"));
        assertThat(map.lines()).hasSize(2).last().asString().startsWith("0               0x600000        0");
    }

    private String novalab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        String[] resolved = args.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i].matches("[a-z0-9]+\\.(raw|out|qcow2)")) {
                resolved[i] = dir.resolve(resolved[i]).toString();
            }
        }
        int status = new Cli(List.of(new ImgCommands()), List.of()).run(resolved, console);
        assertThat(status).as("novalab %s: %s", String.join(" ", args), err).isZero();
        // qemu-img ran in the temp dir with relative names: print ours the same way
        return out.toString(StandardCharsets.UTF_8).replace(dir + "/", "");
    }

    private String qemu(String... command) {
        RealTools.require("qemu-img", "qemu-utils");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
