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
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.GlanceClient;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.ImageSource;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.imagecache.digest.DigestingCopy;
import org.novalab.imagecache.glance.ImageRecord;
import org.novalab.imagecache.glance.ImageService;
import org.novalab.imagecache.glance.InMemoryImageRepository;
import org.novalab.imagecache.glance.NewImage;
import org.novalab.imagecache.pool.Pool;
import org.novalab.imagecache.pool.RbdImage;

/**
 * scripts/bench-fetch: a cold fetch of one image into _base (download, md5 + sha512, fsync, safety gate, rename)
 * against {@code cat} of the image's objects into one file. Both read from the page cache (the pool was just
 * written); the base file is deleted between rounds so every fetch is a cache miss.
 *
 * <p>Local mode (default): the pool and image service are in this process ({@link LocalImageSource}). HTTP mode
 * ({@code NOVALAB_GLANCE_URL}, {@code NOVALAB_IMAGE_ID}, optional {@code NOVALAB_TOKEN}, {@code NOVALAB_POOL_DIR}):
 * through {@link GlanceClient} against a running server; cat then reads the server's pool directory.
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
        Pool pool;
        String mode;
        if (url != null && !url.isBlank()) {
            imageId = System.getenv("NOVALAB_IMAGE_ID");
            String token = System.getenv("NOVALAB_TOKEN");
            source = new GlanceClient(URI.create(url), () -> token);
            pool = Pool.open(Path.of(System.getenv("NOVALAB_POOL_DIR")), "images");
            mode = "HTTP (GlanceClient -> " + url + ")";
        } else {
            pool = Pool.open(work.resolve("pool/images"), "images");
            ImageService service = new ImageService(new InMemoryImageRepository(), pool);
            imageId = prepareImage(service, sizeMiB);
            source = new LocalImageSource(service);
            mode = "in-process (LocalImageSource over the pool; no HTTP server)";
        }
        RbdImage image = pool.image(imageId);
        List<Path> objects = image.storedDataObjects().stream().map(o -> pool.dir().resolve(o)).toList();
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
        for (int r = 0; r < rounds; r++) {
            cat = Math.min(cat, cat(objects, catOut, false));
            catSync = Math.min(catSync, cat(objects, catOut, true));
            fetch = Math.min(fetch, fetch(work.resolve("instances"), source, imageId));
            hash = Math.min(hash, hashOnly(image));
        }
        Files.deleteIfExists(catOut);
        print("cat objects > file", bytes, cat);
        print("cat objects > file + fsync", bytes, catSync);
        print("md5+sha512 of the image (no I/O out)", bytes, hash);
        print("fetchToBase (checksums, fsync, gate)", bytes, fetch);
        System.out.printf(Locale.ROOT, "ratio fetch/cat: %.2f   fetch/(cat+fsync): %.2f%n", cat / fetch,
                catSync / fetch);
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

    private static double fetch(Path instances, ImageSource source, String imageId) throws IOException {
        ImageCache cache = new ImageCache(CacheConfig.defaults(instances), source, null);
        Files.deleteIfExists(cache.basePath(imageId));
        long t0 = System.nanoTime();
        BaseImage base = cache.fetchToBase(imageId);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!base.fetched()) {
            throw new IllegalStateException("expected a cold fetch");
        }
        Files.delete(base.path());
        return seconds;
    }

    private static double hashOnly(RbdImage image) throws IOException {
        long t0 = System.nanoTime();
        try (InputStream in = image.openStream()) {
            DigestingCopy.of(in);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
