package org.novalab.compute.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.novalab.compute.volume.FileVolumeBackend;
import org.novalab.compute.volume.RbdVolumeBackend;
import org.novalab.compute.volume.VolumeBackend;
import org.novalab.disk.LuksParams;
import org.novalab.disk.Passphrase;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * scripts/bench-volumes: the create of a blank encrypted volume, novalab's two volume backends in-process against
 * the processes an operator would run for the same volume, side by side on the same file system and with the
 * same PBKDF2 iteration count on every side (the count qemu-img calibrates for {@code iter-time=10}):
 * <ul>
 *   <li>raw LUKS (Cinder's RBD driver's layout: LUKS directly in the image) in the RBD-layout pool, against
 *       {@code qemu-img create -f luks} and {@code cryptsetup luksFormat --type luks1} on a sparse file;</li>
 *   <li>qcow2 with LUKS inside (the file backend, CloudStack's NFS layout), against
 *       {@code qemu-img create -f qcow2 -o encrypt.format=luks}.</li>
 * </ul>
 * Every side writes one key slot, aes-xts-plain64 with a 512-bit key, sha256. Prints a Markdown table of medians and
 * ratios (the process's time over novalab's: above 1 means novalab is faster). Usage:
 * {@code VolumeBenchmark DATA_DIR [SIZE_MIB [RUNS]]}.
 */
public final class VolumeBenchmark {
    private static final String PASSPHRASE = "bench-volumes passphrase";
    private static final int QEMU_ITER_TIME_MS = 10;
    private static final double TARGET = 10;

    private final Path dir;
    private final long size;
    private final int runs;
    private final Path keyFile;
    private final List<String> rows = new ArrayList<>();

    private VolumeBenchmark(Path dir, long size, int runs) throws IOException {
        this.dir = dir;
        this.size = size;
        this.runs = runs;
        this.keyFile = dir.resolve("key");
        Files.writeString(keyFile, PASSPHRASE, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: VolumeBenchmark DATA_DIR [SIZE_MIB [RUNS]]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        long sizeMib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        new VolumeBenchmark(dir, sizeMib << 20, runs).run();
    }

    private void run() throws Exception {
        int iterations = calibratedIterations();
        LuksParams slot = LuksParams.withIterations(iterations);
        String label = size % (1L << 30) == 0 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";

        RbdVolumeBackend pool = new RbdVolumeBackend(DirectoryCluster.open(dir.resolve("pool")).createPool("volumes"));
        FileVolumeBackend files = new FileVolumeBackend(dir.resolve("volumes"));
        // warm the JIT and the pool's directory before timing, as a running server would be
        median(3, i -> create(pool, slot));
        median(3, i -> create(files, slot));

        double rbd = median(runs, i -> create(pool, slot));
        double qemuLuks = median(runs, i -> process("qemu-img", "create", "-q", "--object",
                "secret,id=sec0,file=" + keyFile, "-f", "luks", "-o",
                "key-secret=sec0,iter-time=" + QEMU_ITER_TIME_MS + ",cipher-alg=aes-256,hash-alg=sha256",
                dir.resolve("q-" + i + ".luks").toString(), Long.toString(size)));
        double cryptsetup = median(runs, i -> {
            Path file = sparse(dir.resolve("c-" + i + ".img"));
            process("cryptsetup", "luksFormat", "--batch-mode", "--type", "luks1", "--cipher", "aes-xts-plain64",
                    "--key-size", "512", "--hash", "sha256", "--pbkdf-force-iterations", Integer.toString(iterations),
                    "--key-file", keyFile.toString(), file.toString());
        });
        double file = median(runs, i -> create(files, slot));
        double qemuQcow2 = median(runs, i -> process("qemu-img", "create", "-q", "--object",
                "secret,id=sec0,file=" + keyFile, "-f", "qcow2", "-o",
                "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=" + QEMU_ITER_TIME_MS,
                dir.resolve("q-" + i + ".qcow2").toString(), Long.toString(size)));

        row("blank " + label + " raw LUKS: RBD-layout pool in-process vs `qemu-img create -f luks`", qemuLuks, rbd);
        row("blank " + label + " raw LUKS: RBD-layout pool in-process vs `cryptsetup luksFormat` on a sparse file",
                cryptsetup, rbd);
        row("blank " + label + " qcow2+LUKS: file backend in-process vs `qemu-img create -f qcow2 -o "
                + "encrypt.format=luks`", qemuQcow2, file);
        print(iterations);
    }

    /** The key-slot iterations qemu-img calibrates for iter-time=10 on this machine: every side then uses them. */
    private int calibratedIterations() throws IOException {
        Path probe = dir.resolve("calibrate.luks");
        process("qemu-img", "create", "-q", "--object", "secret,id=sec0,file=" + keyFile, "-f", "luks", "-o",
                "key-secret=sec0,iter-time=" + QEMU_ITER_TIME_MS, probe.toString(), "1M");
        String info = output("qemu-img", "info", "--output=json", probe.toString());
        JsonNode slots = new ObjectMapper().readTree(info).path("format-specific").path("data").path("slots");
        Files.delete(probe);
        for (JsonNode s : slots) {
            if (s.path("active").asBoolean()) {
                return s.path("iters").asInt();
            }
        }
        throw new IllegalStateException("qemu-img info shows no active key slot: " + info);
    }

    private void create(VolumeBackend backend, LuksParams slot) {
        try (Passphrase pass = Passphrase.of(PASSPHRASE)) {
            backend.create(UUID.randomUUID().toString(), size, Optional.of(pass), slot);
        }
    }

    private Path sparse(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** qemu-img's LUKS create sometimes fails "Unable to get accurate CPU usage" on a loaded machine: retried. */
    private static void process(String... command) {
        for (int attempt = 1; ; attempt++) {
            try {
                output(command);
                return;
            } catch (IOException | IllegalStateException e) {
                if (attempt == 3) {
                    throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static String output(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static double median(int runs, IntConsumer action) {
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.accept(i);
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    private void row(String what, double processSeconds, double novalabSeconds) {
        double ratio = processSeconds / novalabSeconds;
        rows.add(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1fx | >= %.0fx | %s |", what,
                processSeconds * 1e3, novalabSeconds * 1e3, ratio, TARGET, ratio >= TARGET ? "yes" : "NO"));
    }

    private void print(int iterations) {
        System.out.println("| create (median of " + runs + ") | process | novalab | ratio | goal | met |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Key slot on every side: aes-xts-plain64, 512-bit key, sha256, " + iterations
                + " PBKDF2 iterations (what qemu-img calibrated for iter-time=" + QEMU_ITER_TIME_MS + "; qemu-img "
                + "also spends its calibration, which is part of what its create costs).");
    }
}
