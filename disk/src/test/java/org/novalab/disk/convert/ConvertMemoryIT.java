package org.novalab.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qcow2.TestDisks;

/**
 * Streaming with bounded memory: a 4 GiB disk converts to encrypted qcow2 in a JVM limited to 64 MiB of heap
 * (the requirement is 4 GiB with -Xmx256m). Forks a JVM, so it runs with the integration tests.
 */
@Tag("integration")
class ConvertMemoryIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    /** Run in the forked JVM: convert args[0] (raw) to args[1] (LUKS qcow2, passphrase args[2]). */
    public static void main(String[] args) {
        org.novalab.disk.Disks.java().convert(Path.of(args[0]), org.novalab.disk.ImageFormat.RAW,
                KeyLookup.NONE, Path.of(args[1]), org.novalab.disk.CreateOptions.qcow2(0).withEncryption(
                        org.novalab.disk.EncryptionSpec.luks(Passphrase.of(args[2]),
                                org.novalab.disk.LuksParams.withIterations(1000))));
    }

    @Test
    void aFourGibDiskConvertsInA64MibHeap() throws Exception {
        Path source = TestDisks.raw(dir.resolve("big.raw"), 4 * GIB);
        long[] marks = {0, GIB + 12345, 3 * GIB - 4096, 4 * GIB - 70_000};
        for (long m : marks) {
            TestDisks.poke(source, m, TestDisks.pattern(70_000, (int) (m % 97)));
        }
        Path target = dir.resolve("big.qcow2");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(javaBin, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ConvertMemoryIT.class.getName(), source.toString(), target.toString(), "pw"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        KeyLookup key = KeyLookup.always(Passphrase.of("pw"));
        for (long m : marks) {
            assertThat(TestDisks.read(target, key, m, 70_000)).isEqualTo(TestDisks.pattern(70_000, (int) (m % 97)));
        }
        assertThat(TestDisks.read(target, key, 2 * GIB, 65536)).containsOnly(0);
        assertThat(java.nio.file.Files.size(target)).as("sparse: only the written clusters are stored")
                .isLessThan(16L << 20);
    }
}
