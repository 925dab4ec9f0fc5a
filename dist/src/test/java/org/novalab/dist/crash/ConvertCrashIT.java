package org.novalab.dist.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.dist.testing.NovalabProcess;
import org.novalab.testing.RealTools;

/**
 * kill -9 of {@code novalab img convert} at random points of writing a LUKS-encrypted qcow2: the target is absent
 * or whole (real {@code qemu-img check} and {@code compare} agree), never half, and the next convert on the same
 * target removes the temporary file the killed one left.
 */
@Tag("integration")
class ConvertCrashIT {
    static final int KILLS = 20;
    static final int MAX_ATTEMPTS = 60;
    private static final int SIZE = 32 << 20;
    private static final String PASSPHRASE = "convert-crash-passphrase";

    @TempDir
    Path work;
    private Path qemuImg;

    @Test
    void a_killed_convert_leaves_no_target_or_a_whole_one_and_the_next_run_removes_its_temporary_file()
            throws Exception {
        qemuImg = RealTools.require("qemu-img", "qemu-utils");
        Path source = work.resolve("source.raw");
        byte[] data = new byte[SIZE];
        Random random = new Random(Long.getLong("novalab.crash.seed", 15));
        for (int mib = 0; mib < SIZE >> 20; mib += 2) {
            byte[] chunk = new byte[1 << 20];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, data, mib << 20, chunk.length); // every other MiB stays a hole
        }
        Files.write(source, data);
        Path key = Files.writeString(work.resolve("key"), PASSPHRASE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path out = Files.createDirectories(work.resolve("out"));
        Path target = out.resolve("disk.qcow2");

        long writing = writingMillis(source, key, target);
        assertWhole(target, source, key);
        int cut = 0;
        int attempts = 0;
        while (cut < KILLS && attempts < MAX_ATTEMPTS) {
            attempts++;
            Files.deleteIfExists(target);
            Process p = new ProcessBuilder(convert(source, key, target)).redirectErrorStream(true)
                    .redirectOutput(work.resolve("convert.log").toFile()).start();
            awaitTemporaryFile(out, p);
            Thread.sleep((long) (random.nextDouble() * writing)); // a random point of the write
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (!temporaryFilesOf(out, p.pid()).isEmpty()) {
                cut++;
            }
            if (Files.exists(target)) {
                assertWhole(target, source, key); // it finished just before the kill
            }
            run(convert(source, key, target));
            assertThat(temporaryFilesOf(out, p.pid())).as("the killed convert's temporary file after the next run")
                    .isEmpty();
            assertWhole(target, source, key);
        }
        System.out.printf("ConvertCrashIT: %d of %d kills landed while the target was being written (%d ms)%n", cut,
                attempts, writing);
        assertThat(cut).as("kills in the middle of writing, in %d attempts", attempts).isGreaterThanOrEqualTo(KILLS);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("disk.qcow2");
        }
    }

    private List<String> convert(Path source, Path key, Path target) {
        return NovalabProcess.command("img", "convert", "-f", "raw", "-O", "qcow2", "-o",
                "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10", "--object",
                "secret,id=sec0,file=" + key, source.toString(), target.toString());
    }

    /** How long a convert spends writing: from its temporary file's first appearance to its exit. */
    private long writingMillis(Path source, Path key, Path target) throws Exception {
        Process p = new ProcessBuilder(convert(source, key, target)).redirectErrorStream(true)
                .redirectOutput(work.resolve("convert.log").toFile()).start();
        awaitTemporaryFile(target.getParent(), p);
        long start = System.nanoTime();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("convert: %s", Files.readString(work.resolve("convert.log"))).isZero();
        return Math.max(1, (System.nanoTime() - start) / 1_000_000);
    }

    private void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("convert.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("convert: %s", Files.readString(work.resolve("convert.log"))).isZero();
    }

    /** Waits until the convert has started writing (its JVM and option parsing are not what is tested). */
    private static void awaitTemporaryFile(Path dir, Process p) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (temporaryFilesOf(dir, p.pid()).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static List<Path> temporaryFilesOf(Path dir, long pid) throws Exception {
        Pattern mine = Pattern.compile("\\..+\\.tmp-" + pid + "-[0-9a-f]+");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> mine.matcher(f.getFileName().toString()).matches()).toList();
        }
    }

    /** Real qemu-img reads the target, decrypted, as the source's every byte, and finds no error in it. */
    private void assertWhole(Path target, Path source, Path key) throws Exception {
        String secret = "secret,id=sec0,file=" + key;
        String opts = "driver=qcow2,encrypt.key-secret=sec0,file.filename=" + target;
        qemuImg("check", "--object", secret, "--image-opts", opts);
        qemuImg("compare", "--object", secret, "--image-opts", "driver=raw,file.filename=" + source, opts);
    }

    private void qemuImg(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(qemuImg.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("qemu-img %s: %s", args[0], output).isZero();
    }
}
