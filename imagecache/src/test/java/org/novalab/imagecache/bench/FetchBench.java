package org.novalab.imagecache.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.image.InMemoryImageRepository;
import org.novalab.image.NewImage;
import org.novalab.image.digest.DigestingCopy;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.FetchVerification;
import org.novalab.imagecache.GlanceClient;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.ImageSource;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * scripts/bench-fetch: a cold fetch of one image into _base (download, sha512 as glanceclient verifies it, and
 * md5 + sha512 side by side, fsync, safety gate, rename)
 * against {@code cat} of the image's objects into one file. Both read from the page cache (the pool was just
 * written); the base file is deleted between rounds so every fetch is a cache miss.
 *
 * <p>Against a running novalab server (what scripts/bench-fetch starts by default): {@code NOVALAB_GLANCE_URL},
 * {@code NOVALAB_IMAGE_ID}, optional {@code NOVALAB_TOKEN}, and {@code NOVALAB_POOL_DIR} for cat. Without a URL:
 * a fresh pool and image service in this process, served over HTTP on 127.0.0.1 by {@link LoopbackGlance} and
 * fetched with {@link GlanceClient}; {@code BENCH_MODE=local} skips HTTP ({@link LocalImageSource}).
 */
public final class FetchBench {
    private FetchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench-fetch").toAbsolutePath();
        long sizeMiB = Long.parseLong(System.getenv().getOrDefault("BENCH_SIZE_MIB", "1024"));
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "3"));
        Files.createDirectories(work);
        String url = System.getenv("NOVALAB_GLANCE_URL");

        ImageSource source;
        String imageId;
        Path poolDir;
        String mode;
        LoopbackGlance loopback = null;
        if (url != null && !url.isBlank()) {
            imageId = System.getenv("NOVALAB_IMAGE_ID");
            String token = System.getenv("NOVALAB_TOKEN");
            source = new GlanceClient(URI.create(url), () -> token);
            poolDir = Path.of(System.getenv("NOVALAB_POOL_DIR"));
            mode = "HTTP API of a running novalab server (GlanceClient -> " + url + ")";
        } else {
            poolDir = work.resolve("pool/images");
            ImageService service = new ImageService(new InMemoryImageRepository(), pool(poolDir));
            imageId = prepareImage(service, sizeMiB);
            if ("local".equals(System.getenv("BENCH_MODE"))) {
                source = new LocalImageSource(service);
                mode = "in-process (LocalImageSource over the pool, no HTTP)";
            } else {
                loopback = new LoopbackGlance(service);
                source = new GlanceClient(loopback.uri(), () -> null);
                mode = "HTTP loopback (GlanceClient -> JDK HttpServer over ImageService, " + loopback.uri() + ")";
            }
        }
        Pool pool = pool(poolDir);
        Image image = pool.open(imageId);
        List<Path> objects = pool.dataObjects(image.stat()).stream().map(poolDir::resolve).toList();
        long bytes = image.size();
        System.out.printf(Locale.ROOT, "image %s: %d MiB in %d objects; mode: %s%n", imageId, bytes >> 20,
                objects.size(), mode);
        System.out.printf(Locale.ROOT, "cores: %d, rounds: %d (best of)%n",
                Runtime.getRuntime().availableProcessors(), rounds);

        Path catOut = work.resolve("cat.out");
        cat(objects, catOut, false);
        double hash = Double.MAX_VALUE;
        double cat = Double.MAX_VALUE;
        double catSync = Double.MAX_VALUE;
        double fetch = Double.MAX_VALUE;
        double fetchBoth = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            cat = Math.min(cat, cat(objects, catOut, false));
            catSync = Math.min(catSync, cat(objects, catOut, true));
            // side by side: glanceclient's rule (the multihash only) and both digests (the code before issue 16)
            if (r % 2 == 0) {
                fetch = Math.min(fetch, fetch(work.resolve("instances"), source, imageId, FetchVerification.STRONGEST));
                fetchBoth = Math.min(fetchBoth, fetch(work.resolve("instances"), source, imageId,
                        FetchVerification.ALL_HASHES));
            } else {
                fetchBoth = Math.min(fetchBoth, fetch(work.resolve("instances"), source, imageId,
                        FetchVerification.ALL_HASHES));
                fetch = Math.min(fetch, fetch(work.resolve("instances"), source, imageId, FetchVerification.STRONGEST));
            }
            hash = Math.min(hash, hashOnly(image));
        }
        Files.deleteIfExists(catOut);
        if (loopback != null) {
            loopback.close();
        }
        print("cat objects > file", bytes, cat);
        print("cat objects > file + fsync", bytes, catSync);
        print("md5+sha512 of the image (no I/O out)", bytes, hash);
        print("fetchToBase (sha512 only, fsync, gate)", bytes, fetch);
        print("fetchToBase (md5 + sha512: ALL_HASHES)", bytes, fetchBoth);
        System.out.printf(Locale.ROOT, "ratio fetch/cat: %.2f   fetch/(cat+fsync): %.2f   (md5 + sha512: %.2f, %.2f)%n",
                cat / fetch, catSync / fetch, cat / fetchBoth, catSync / fetchBoth);
        double md5 = digestRatePerCore("md5");
        double sha512 = digestRatePerCore("sha512");
        System.out.printf(Locale.ROOT, "per-core digest rates (thread CPU time): md5 %.0f MiB/s, sha512 %.0f MiB/s"
                + "%n  -> with checksums on, fetch cannot beat %.0f MiB/s (ratio bound vs cat: %.2f)%n", md5, sha512,
                Math.min(md5, sha512), Math.min(md5, sha512) / (bytes / 1048576.0 / cat));
        System.out.printf(Locale.ROOT, "fetch CPU time: %.2f s for %d MiB (%.0f MiB per CPU-second)%n", fetchCpu,
                bytes >> 20, bytes / 1048576.0 / fetchCpu);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** The images pool kept in {@code dir}, whose object files {@code cat} reads. */
    private static Pool pool(Path dir) {
        return DirectoryCluster.open(dir.getParent()).withPoolDir("images", dir).createPool("images");
    }

    /** MiB hashed per second of this thread's CPU time: what one idle core would do. */
    private static double digestRatePerCore(String algo) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        java.security.MessageDigest digest = DigestingCopy.newDigest(algo);
        for (int i = 0; i < 64; i++) {
            digest.update(block);
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 512; i++) {
            digest.update(block);
        }
        digest.digest();
        return 512 / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    private static void print(String what, long bytes, double seconds) {
        System.out.printf(Locale.ROOT, "%-40s %7.3f s  %7.0f MiB/s%n", what, seconds, bytes / 1048576.0 / seconds);
    }

    /** A queued image filled with incompressible, non-repeating-per-object bytes (nothing sparse). */
    private static String prepareImage(ImageService service, long sizeMiB) throws IOException {
        ImageRecord record = service.create(NewImage.named("bench-" + sizeMiB + "M", "raw", "bare"));
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        long total = sizeMiB << 20;
        InputStream generated = new InputStream() {
            long pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= total) {
                    return -1;
                }
                int inBlock = (int) (pos % block.length);
                int n = (int) Math.min(Math.min(len, block.length - inBlock), total - pos);
                System.arraycopy(block, inBlock, b, off, n);
                if (inBlock == 0 && n >= 8) {
                    // Every MiB starts with its own number, so no two objects are equal.
                    long mib = pos >> 20;
                    for (int i = 0; i < 8; i++) {
                        b[off + i] = (byte) (mib >>> (8 * i));
                    }
                }
                pos += n;
                return n;
            }
        };
        long t0 = System.nanoTime();
        service.upload(record.id(), generated);
        System.out.printf(Locale.ROOT, "prepared the image by upload in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return record.id();
    }

    private static double cat(List<Path> objects, Path out, boolean fsync) throws Exception {
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(List.of("cat"));
        objects.forEach(o -> command.add(o.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("cat failed");
        }
        if (fsync) {
            Process s = new ProcessBuilder("sync", out.toString()).start();
            if (s.waitFor() != 0) {
                throw new IOException("sync failed");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU seconds this process (client and, in loopback mode, server) spent in the best fetch. */
    private static double fetchCpu = Double.MAX_VALUE;

    private static double fetch(Path instances, ImageSource source, String imageId, FetchVerification verification)
            throws IOException {
        ImageCache cache = new ImageCache(CacheConfig.defaults(instances), source, null, verification);
        Files.deleteIfExists(cache.basePath(imageId));
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        BaseImage base = cache.fetchToBase(imageId);
        double seconds = (System.nanoTime() - t0) / 1e9;
        fetchCpu = Math.min(fetchCpu, (os.getProcessCpuTime() - cpu0) / 1e9);
        if (!base.fetched()) {
            throw new IllegalStateException("expected a cold fetch");
        }
        Files.delete(base.path());
        return seconds;
    }

    private static double hashOnly(Image image) throws IOException {
        long t0 = System.nanoTime();
        try (InputStream in = image.openStream()) {
            DigestingCopy.of(in);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
