package org.novalab.disk.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qemu.QemuImgTool;

/**
 * Side-by-side speed of the two {@link DiskTool} backends on the same files: novalab's pure-Java library
 * (in-process) against the real qemu-img (one process per call, through {@link QemuImgTool}: key file,
 * temp name, fsync, rename, exactly what novalab's own writer does). Run by {@code scripts/bench-disk}.
 *
 * <p>Usage: {@code DiskBenchmark DATA_DIR [SIZE_MIB]} ({@code -Dbench.runs=N}, {@code -Dbench.qemuOnly=true}).
 * Prints a Markdown table of times and ratios
 * (qemu-img time / novalab time: above 1 means novalab is faster).
 */
public final class DiskBenchmark {
    private static final String PASSPHRASE = "bench-disk passphrase";
    /** qemu-img's cheapest key-slot calibration; novalab then gets the iteration count qemu-img chose. */
    private static final int QEMU_ITER_TIME_MS = 10;
    private static final int OVERLAY_CREATES_JAVA = 200;
    private static final int OVERLAY_CREATES_QEMU = 20;
    private static final int CONVERT_RUNS = Integer.getInteger("bench.runs", 3);

    private final Path dir;
    private final QemuImgTool qemu;
    private final Optional<DiskTool> novalab;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String sourceLabel = "";

    private DiskBenchmark(Path dir, QemuImgTool qemu, Optional<DiskTool> novalab) {
        this.dir = dir;
        this.qemu = qemu;
        this.novalab = novalab;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DiskBenchmark DATA_DIR [SIZE_MIB]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        long sizeMib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        // -Dbench.qemuOnly=true records qemu-img's column alone (e.g. to compare machines)
        Optional<DiskTool> novalab = Boolean.getBoolean("bench.qemuOnly")
                ? Optional.empty() : Optional.of(Disks.java());
        DiskBenchmark bench = new DiskBenchmark(dir, QemuImgTool.onPath(), novalab);
        bench.run(sizeMib << 20);
    }

    private void run(long size) throws IOException {
        Path source = dir.resolve("random.raw");
        sourceLabel = size % (1L << 30) == 0 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
        System.err.printf("writing %d MiB of random data to %s%n", size >> 20, source);
        writeRandom(source, size);
        System.err.println("(a) convert raw -> qcow2");
        convertPlain(source);
        System.err.println("(b) convert raw -> LUKS qcow2");
        convertLuks(source);
        System.err.println("(c) create an overlay");
        createOverlays(source);
        print(size);
    }

    private void convertPlain(Path source) {
        CreateOptions plain = CreateOptions.qcow2(0);
        double q = best(() -> qemu.convert(source, ImageFormat.RAW, KeyLookup.NONE, dir.resolve("q.qcow2"), plain));
        Optional<Double> n = novalab.map(tool -> best(() ->
                tool.convert(source, ImageFormat.RAW, KeyLookup.NONE, dir.resolve("n.qcow2"), plain)));
        n.ifPresent(t -> verify(dir.resolve("n.qcow2"), KeyLookup.NONE, source));
        row("(a) convert " + sourceLabel + " random raw -> qcow2", q, n, 1);
    }

    private void convertLuks(Path source) {
        try (Passphrase pass = Passphrase.of(PASSPHRASE)) {
            CreateOptions qemuLuks = CreateOptions.qcow2(0).withEncryption(
                    EncryptionSpec.luks(pass, new LuksParams(512, "sha256", null, QEMU_ITER_TIME_MS)));
            double q = best(() -> qemu.convert(source, ImageFormat.RAW, KeyLookup.NONE, dir.resolve("q.luks.qcow2"),
                    qemuLuks));
            int iterations = slotIterations(dir.resolve("q.luks.qcow2"));
            notes.add("(b) key slot: aes-256-xts, sha256, " + iterations + " PBKDF2 iterations on both sides (what "
                    + "qemu-img calibrated for encrypt.iter-time=" + QEMU_ITER_TIME_MS + ")");
            CreateOptions sameSlot = CreateOptions.qcow2(0).withEncryption(
                    EncryptionSpec.luks(pass, LuksParams.withIterations(iterations)));
            Optional<Double> n = novalab.map(tool -> best(() -> tool.convert(source, ImageFormat.RAW, KeyLookup.NONE,
                    dir.resolve("n.luks.qcow2"), sameSlot)));
            n.ifPresent(t -> verify(dir.resolve("n.luks.qcow2"), KeyLookup.always(pass), source));
            row("(b) convert " + sourceLabel + " random raw -> LUKS qcow2 (key setup included)", q, n, 2);
        }
    }

    private void createOverlays(Path source) throws IOException {
        createOverlays(dir, source, "on disk, fsync included on both sides");
        // on tmpfs fsync costs nothing: what remains is the process start against the in-process call
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            notes.add("(c') skipped: no /dev/shm");
            return;
        }
        Path tmpfs = Files.createTempDirectory(shm, "novalab-bench-");
        try {
            Path sparseBase = tmpfs.resolve(source.getFileName());
            try (var raf = new java.io.RandomAccessFile(sparseBase.toFile(), "rw")) {
                raf.setLength(Files.size(source));
            }
            createOverlays(tmpfs, sparseBase, "on tmpfs /dev/shm, base sparse");
        } finally {
            try (var files = Files.list(tmpfs)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(tmpfs);
        }
    }

    private void createOverlays(Path where, Path base, String how) {
        CreateOptions overlay = CreateOptions.qcow2(0).withBacking(base.getFileName().toString(), ImageFormat.RAW);
        double q = perCall(OVERLAY_CREATES_QEMU, i -> qemu.create(where.resolve("q-overlay-" + i + ".qcow2"), overlay));
        Optional<Double> n = novalab.map(tool -> {
            perCall(OVERLAY_CREATES_JAVA / 10, i -> tool.create(where.resolve("warm-" + i + ".qcow2"), overlay));
            return perCall(OVERLAY_CREATES_JAVA, i -> tool.create(where.resolve("n-overlay-" + i + ".qcow2"), overlay));
        });
        row("(c) create an overlay on a raw base, " + how + " (per call; novalab " + OVERLAY_CREATES_JAVA
                + "x in-process, qemu-img " + OVERLAY_CREATES_QEMU + "x processes)", q, n, 50);
    }

    private int slotIterations(Path luks) {
        @SuppressWarnings("unchecked")
        Map<String, Object> encrypt = (Map<String, Object>) qemu.info(luks).formatSpecific().get("encrypt");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> slots = (List<Map<String, Object>>) encrypt.get("slots");
        return ((Number) slots.get(0).get("iters")).intValue();
    }

    /** Not timed: a benchmark of a writer that writes the wrong bytes would be worthless. */
    private void verify(Path written, KeyLookup keys, Path source) {
        if (!qemu.compare(written, keys, source, KeyLookup.NONE)) {
            throw new IllegalStateException("novalab's " + written + " differs from the source per qemu-img compare");
        }
        if (!qemu.check(written, keys).clean()) {
            throw new IllegalStateException("qemu-img check finds errors or leaks in novalab's " + written);
        }
    }

    private double best(Runnable action) {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < CONVERT_RUNS; run++) {
            long start = System.nanoTime();
            action.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    private static double perCall(int calls, java.util.function.IntConsumer action) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            action.accept(i);
        }
        return (System.nanoTime() - start) / 1e9 / calls;
    }

    private void row(String what, double qemuSeconds, Optional<Double> novalabSeconds, double target) {
        String n = novalabSeconds.map(DiskBenchmark::seconds).orElse("not available");
        String ratio = novalabSeconds.map(s -> String.format(Locale.ROOT, "%.2fx", qemuSeconds / s)).orElse("-");
        String met = novalabSeconds.map(s -> qemuSeconds / s >= target ? "yes" : "NO").orElse("-");
        rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | >= %sx | %s |", what, seconds(qemuSeconds), n,
                ratio, target == Math.rint(target) ? Long.toString((long) target) : Double.toString(target), met));
    }

    private static String seconds(double s) {
        return s >= 1 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.2f ms", s * 1000);
    }

    private void print(long size) {
        System.out.println("| operation | qemu-img | novalab | ratio (qemu-img / novalab) | target | met |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.printf("source: %d MiB random raw; qemu-img %s; %d cores; java %s; best of %d for (a) and (b)%n",
                size >> 20, qemu.probe().version(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), CONVERT_RUNS);
        notes.forEach(System.out::println);
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(1024);
        byte[] chunk = new byte[8 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - done));
            }
        }
    }
}
