package org.novalab.compute.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.boot.ChainGuestDisks;
import org.novalab.compute.testing.TestCloud;
import org.novalab.disk.Disks;
import org.novalab.fixture.FixtureGuest;
import org.novalab.imagecache.FetchVerification;
import org.novalab.imagecache.ImageCache;

/**
 * scripts/bench-boot: in-process boots on test:///default with the real disk library and image cache.
 * Warm: the base is cached; each spawn creates a LUKS overlay (fixed PBKDF2 iterations), its passphrase, secret,
 * XML, defines and starts the domain, and the emulated guest boots (LUKS open, reads, marker write).
 * Cold: an empty {@code _base} vs copying the image's bytes (file to file, fsync), the floor any fetch must pay;
 * three variants side by side per round: the spawn fetching in its disk step (one digest), fetch-then-spawn with
 * one digest, and fetch-then-spawn with md5 + sha512 (the path before issue 16).
 */
public final class BootBenchmark {
    private BootBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int coldRuns = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        TestCloud cloud = TestCloud.create(data.resolve("cloud"));
        Flavor flavor = new Flavor("1", "m1.tiny", 1, 64, 1, Map.of());

        Path warmDir = data.resolve("warm");
        List<Double> warm = new ArrayList<>();
        List<Double> restart = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        try (ComputeHost host = open(cloud, warmDir)) {
            SpawnRequest kept = request(flavor, 99_999);
            host.driver().spawn(kept);
            for (int i = 0; i < warmRuns + 20; i++) {
                host.driver().stop(kept.uuid());
                long t0 = System.nanoTime();
                host.driver().start(kept.uuid());
                long t1 = System.nanoTime();
                if (i >= 20) {
                    restart.add((t1 - t0) / 1e6);
                }
            }
            host.driver().destroy(kept.uuid());
            for (int i = 0; i < warmRuns + 20; i++) {
                SpawnRequest req = request(flavor, 50_000 + i, EncryptionChoice.NONE);
                long t0 = System.nanoTime();
                SpawnResult r = host.driver().spawn(req);
                long t1 = System.nanoTime();
                check(r);
                host.driver().destroy(req.uuid());
                if (i >= 20) {
                    plain.add((t1 - t0) / 1e6);
                }
            }
            for (int i = 0; i < warmRuns + 20; i++) {
                SpawnRequest req = request(flavor, i);
                long t0 = System.nanoTime();
                SpawnResult r = host.driver().spawn(req);
                long t1 = System.nanoTime();
                check(r);
                host.driver().destroy(req.uuid());
                if (i >= 20) { // the first runs warm up the JIT
                    warm.add((t1 - t0) / 1e6);
                }
            }
        }

        Path source = data.resolve("fixture.raw");
        FixtureGuest.write(source);
        // Side by side in every round, in a rotating order: today's cold spawn (the record's strongest digest only,
        // the base fetched in the spawn's disk step while the other parts are made), the same with the fetch done
        // first (no overlap), and the earlier code's path (md5 + sha512, fetch first), then the plain copy.
        List<Double> cold = new ArrayList<>();
        List<Double> sequential = new ArrayList<>();
        List<Double> bothSequential = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        for (int i = 0; i < coldRuns; i++) {
            for (int k = 0; k < 3; k++) {
                int variant = (i + k) % 3;
                Path dir = data.resolve("cold-" + i + "-" + variant);
                FetchVerification verification = variant == 2 ? FetchVerification.ALL_HASHES
                        : FetchVerification.STRONGEST;
                ImageCache cache = cloud.cache(dir, verification);
                try (ComputeHost host = open(cache, dir)) {
                    SpawnRequest req = request(flavor, 100_000 + 3 * i + variant);
                    long t0 = System.nanoTime();
                    if (variant != 0) {
                        cache.fetchToBase(req.imageId());
                    }
                    SpawnResult r = host.driver().spawn(req);
                    long t1 = System.nanoTime();
                    check(r);
                    (variant == 0 ? cold : variant == 1 ? sequential : bothSequential).add((t1 - t0) / 1e6);
                    host.driver().destroy(req.uuid());
                }
                deleteTree(dir);
            }
            Path target = data.resolve("copy-" + i);
            long t0 = System.nanoTime();
            copyWithFsync(source, target);
            copy.add((System.nanoTime() - t0) / 1e6);
            Files.delete(target);
        }

        double warmP50 = percentile(warm, 50);
        double warmP99 = percentile(warm, 99);
        double coldP50 = percentile(cold, 50);
        double copyP50 = percentile(copy, 50);
        System.out.printf(Locale.ROOT, "%n| measure | value | target |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| warm boot p50 (%d runs, LUKS overlay, emulated boot) | %.2f ms | <= 20 ms |%n",
                warm.size(), warmP50);
        System.out.printf(Locale.ROOT, "| warm boot p99 | %.2f ms | |%n", warmP99);
        System.out.printf(Locale.ROOT, "| warm boot of an unencrypted overlay p50 / p99 (%d runs) | %.2f / %.2f ms | |%n",
                plain.size(), percentile(plain, 50), percentile(plain, 99));
        System.out.printf(Locale.ROOT, "| start of a stopped LUKS instance p50 / p99 (%d runs: LUKS open, boot, marker write) "
                + "| %.2f / %.2f ms | |%n", restart.size(), percentile(restart, 50), percentile(restart, 99));
        System.out.printf(Locale.ROOT, "| cold boot p50 (%d runs: fetch %d-byte image to _base + spawn) | %.1f ms | |%n",
                cold.size(), FixtureGuest.SIZE, coldP50);
        System.out.printf(Locale.ROOT, "| ... fetched first, then spawned (no overlap) p50 | %.1f ms | |%n",
                percentile(sequential, 50));
        System.out.printf(Locale.ROOT,
                "| ... md5 + sha512, fetched first (the earlier code's path) p50 | %.1f ms | |%n",
                percentile(bothSequential, 50));
        System.out.printf(Locale.ROOT, "| copying the image bytes p50 (file to file + fsync) | %.1f ms | |%n", copyP50);
        System.out.printf(Locale.ROOT, "| cold / copy | %.2fx | <= 1.5x |%n", coldP50 / copyP50);
        System.out.printf(Locale.ROOT, "| no overlap / copy, md5 + sha512 no overlap / copy | %.2fx, %.2fx | |%n",
                percentile(sequential, 50) / copyP50, percentile(bothSequential, 50) / copyP50);
    }

    private static ComputeHost open(TestCloud cloud, Path instances) throws Exception {
        return open(cloud.cache(instances), instances);
    }

    private static ComputeHost open(ImageCache cache, Path instances) throws Exception {
        Files.createDirectories(instances);
        return ComputeHost.open(ComputeConfig.defaults(instances), cache,
                Disks.java(), new ChainGuestDisks(Optional.empty()), Optional.empty());
    }

    private static SpawnRequest request(Flavor flavor, int i) {
        return request(flavor, i, EncryptionChoice.luks());
    }

    private static SpawnRequest request(Flavor flavor, int i, EncryptionChoice encryption) {
        return new SpawnRequest(UUID.randomUUID(), 0x10000 + i, "bench-" + i, flavor, TestCloud.FIXTURE, Map.of(),
                BackendKind.QCOW2, DiskCreation.BACKING_FILE, encryption, Optional.empty());
    }

    private static void check(SpawnResult r) {
        if (!r.console().endsWith(FixtureGuest.BANNER)) {
            throw new IllegalStateException("the guest did not boot: " + r.console());
        }
    }

    private static void copyWithFsync(Path source, Path target) throws Exception {
        try (InputStream in = Files.newInputStream(source);
             FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            in.transferTo(out);
            out.flush();
            ch.force(true);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(idx, sorted.size() - 1)));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
