package org.novalab.imagecache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;
import org.novalab.image.inspect.Inspection;
import org.novalab.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code _base} cache ({@code imagebackend.Image.cache} + {@code images.fetch_to_raw}): each image is
 * downloaded once into {@code _base/<sha1(image id)>} and shared by every instance disk built on it.
 *
 * <p>The recipe, under the per-image lock {@code locks/nova-<sha1>} (in-process and cross-process): download to
 * {@code <sha1>.part} with the record's strongest digest computed while streaming ({@link FetchVerification}),
 * compare it with Glance's record, fsync, pass the safety gate, convert qcow2 to raw when {@code force_raw_images}
 * is set (else keep it qcow2), write a raw base sparse (holes where the image is zero, {@link SparseBase}), write
 * the verified
 * format beside it ({@link BaseInfo}, never probed again), rename into place.
 * Connection errors, 5xx answers and bodies cut short are retried with exponential backoff, each time from
 * byte 0; a 404 fails at once. A failure never leaves a file under the final name or a {@code .part} behind.
 */
public final class ImageCache implements BaseImages {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);

    private final CacheConfig config;
    private final ImageSource source;
    private final DiskTool diskTool;
    private final ImageLocks locks;
    private final SafetyGate gate;
    private final ConversionLimit conversionLimit;
    private final CacheMetrics metrics = new CacheMetrics();
    private final Retries retries;
    private final VerifiedDownload download;
    private final LegacyBase legacy;

    /** @param diskTool converts qcow2 images to raw for {@code force_raw_images}; may be null when never needed */
    public ImageCache(CacheConfig config, ImageSource source, DiskTool diskTool) {
        this(config, source, diskTool, FetchVerification.STRONGEST);
    }

    /** @param verification which of the record's digests a download verifies (glanceclient's rule by default) */
    public ImageCache(CacheConfig config, ImageSource source, DiskTool diskTool, FetchVerification verification) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = Objects.requireNonNull(source, "source");
        this.diskTool = diskTool;
        this.locks = new ImageLocks(config.lockDir());
        this.gate = new SafetyGate(config.maxVirtualSize());
        this.conversionLimit = new ConversionLimit(config.maxConversionRatio());
        this.retries = new Retries(config);
        this.download = new VerifiedDownload(source, metrics, Objects.requireNonNull(verification, "verification"));
        this.legacy = new LegacyBase(source, retries, gate);
    }

    public Path baseDir() {
        return config.baseDir();
    }

    /**
     * What {@code _base} holds now: its base files and their sizes (apparent sizes, as {@code ls -l} shows them). A
     * directory listing, cheap enough for every scrape of /metrics.
     */
    public BaseUsage usage() {
        long files = 0;
        long bytes = 0;
        try (java.util.stream.Stream<Path> list = Files.list(baseDir())) {
            for (Path file : (Iterable<Path>) list::iterator) {
                if (Files.isRegularFile(file) && !file.getFileName().toString().endsWith(".info")) {
                    files++;
                    bytes += Files.size(file);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return new BaseUsage(0, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new BaseUsage(files, bytes);
    }

    /** The files in {@code _base} and their bytes. */
    public record BaseUsage(long files, long bytes) {
    }

    public Path lockDir() {
        return config.lockDir();
    }

    public CacheConfig config() {
        return config;
    }

    public CacheMetrics metrics() {
        return metrics;
    }

    /** The base file's name: the sha1 hex digest of the image id, as Nova names it. */
    public static String baseName(String imageId) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(imageId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path basePath(String imageId) {
        return baseDir().resolve(baseName(imageId));
    }

    /**
     * Makes sure {@code _base} holds the image and returns it. Concurrent callers for one image (threads or
     * processes) wait for the one download and then see a cache hit.
     *
     * @throws ImageNotFound     the source does not know the image
     * @throws UnsafeImage       the safety gate refused it ({@link ImageTooLarge} for the size limit)
     * @throws ImageFetchFailed  retries exhausted, checksum mismatch, image not active, conversion failed
     */
    @Override
    public BaseImage fetchToBase(String imageId) {
        Objects.requireNonNull(imageId, "imageId");
        String name = baseName(imageId);
        Path base = baseDir().resolve(name);
        Optional<BaseImage> cached = hit(imageId, base, false);
        if (cached.isPresent()) {
            return cached.get();
        }
        try (ImageLocks.Held ignored = locks.acquire(name)) {
            cached = hit(imageId, base, true);
            if (cached.isPresent()) {
                return cached.get();
            }
            metrics.miss();
            BaseImage fetched = fetch(imageId, base);
            metrics.downloaded();
            return fetched;
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        }
    }

    /**
     * The cached base, or empty when there is none (or the cache manager removed it a moment ago). Its format is
     * the one {@link BaseInfo} pinned when it was fetched; a base without one (an earlier version's) is pinned
     * under the image lock by {@link LegacyBase}, and looks absent until then.
     */
    private Optional<BaseImage> hit(String imageId, Path base, boolean locked) {
        if (!Files.isRegularFile(base)) {
            return Optional.empty();
        }
        try {
            Optional<BaseInfo> pinned = BaseInfo.readFor(base);
            if (pinned.isEmpty() && !locked) {
                return Optional.empty();
            }
            BaseInfo info = pinned.isPresent() ? pinned.get() : legacy.pin(imageId, base);
            // Marks the base as used now: the cache manager removes bases unused for its minimum age, and
            // checks the age again under the image lock, so a base touched here stays.
            Files.setLastModifiedTime(base, FileTime.from(Instant.now()));
            metrics.hit();
            return Optional.of(new BaseImage(imageId, base, info.format(), info.virtualSize(), false));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ImageFetchFailed("cannot read cached base " + base + " of image " + imageId + ": "
                    + e.getMessage(), e);
        }
    }

    private BaseImage fetch(String imageId, Path base) {
        Path part = base.resolveSibling(base.getFileName() + ".part");
        Path converted = base.resolveSibling(base.getFileName() + ".converted");
        try {
            Files.createDirectories(baseDir());
            ImageRecord record = retries.run(imageId, "describe", () -> source.describe(imageId));
            if (record.status() != ImageStatus.ACTIVE) {
                throw new ImageFetchFailed("image " + imageId + " is " + record.status().glanceName()
                        + ", not active; it cannot be fetched");
            }
            // read unsigned like the gate reads a header: a negative size from another Glance is 2^63 or more
            if (record.virtualSize() != null
                    && Long.compareUnsigned(record.virtualSize(), config.maxVirtualSize()) > 0) {
                throw new ImageTooLarge(imageId, record.virtualSize(), config.maxVirtualSize());
            }
            retries.run(imageId, "download", () -> {
                download.into(record, part);
                return null;
            });
            Inspection inspection = gate.check(imageId, record.diskFormat(), part);
            BaseInfo info = placeIntoBase(imageId, inspection, part, converted, base);
            LOG.info("image {} fetched into {} ({}, virtual size {})", imageId, base, info.format().qemuName(),
                    info.virtualSize());
            return new BaseImage(imageId, base, info.format(), info.virtualSize(), true);
        } catch (UnsafeImage e) {
            metrics.refusedImage();
            LOG.warn("{}", e.getMessage());
            throw e;
        } catch (IOException e) {
            throw new ImageFetchFailed("cannot fetch image " + imageId + " into " + base + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(part);
            deleteQuietly(converted);
        }
    }

    /**
     * Moves the verified (and, for {@code force_raw_images}, converted) file into place, its {@link BaseInfo}
     * written first: a base under its final name always has its pinned format beside it.
     */
    private BaseInfo placeIntoBase(String imageId, Inspection inspection, Path part, Path converted, Path base)
            throws IOException {
        switch (inspection.format()) {
            case RAW, ISO -> {
                // the download wrote every zero: where that is much, the base is a sparse copy, holes for zeros
                Path verified = part;
                if (SparseBase.worthHoles(part)) {
                    SparseBase.copy(part, converted);
                    verified = converted;
                }
                return pin(new BaseInfo(imageId, ImageFormat.RAW, inspection.virtualSize()), verified, base);
            }
            case QCOW2 -> {
                // an encrypted image (an encrypted snapshot) stays encrypted in _base, as Nova's ephemeral encryption
                // keeps it: raw would be its plaintext on the host's disk, and there is no key here to make it
                if (!config.forceRawImages() || encrypted(part)) {
                    return pin(new BaseInfo(imageId, ImageFormat.QCOW2, inspection.virtualSize()), part, base);
                }
                if (diskTool == null) {
                    throw new ImageFetchFailed("image " + imageId + " is qcow2 and force_raw_images is set, but no"
                            + " disk tool was given to convert it");
                }
                conversionLimit.check(imageId, part);
                try {
                    diskTool.convert(part, ImageFormat.QCOW2, KeyLookup.NONE, converted,
                            new CreateOptions(ImageFormat.RAW, inspection.virtualSize(), null, null,
                                    CreateOptions.DEFAULT_CLUSTER_SIZE, null));
                } catch (RuntimeException e) {
                    throw new ImageFetchFailed("cannot convert image " + imageId + " from qcow2 to raw: "
                            + e.getMessage(), e);
                }
                // convert wrote it durably already (temporary name, fsync, rename): only the final name is new
                return pin(new BaseInfo(imageId, ImageFormat.RAW, inspection.virtualSize()), converted, base);
            }
            default -> throw new ImageFetchFailed("image " + imageId + " is " + inspection.format().glanceName()
                    + "; novalab's _base holds raw and qcow2 images only");
        }
    }

    /** Whether a qcow2's header says its data is encrypted (read without a passphrase). */
    private boolean encrypted(Path qcow2) {
        return diskTool != null && diskTool.info(qcow2).encrypted();
    }

    private static BaseInfo pin(BaseInfo info, Path verified, Path base) throws IOException {
        info.writeFor(base);
        AtomicFiles.moveIntoPlace(verified, base);
        return info;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", p, e.toString());
        }
    }
}
