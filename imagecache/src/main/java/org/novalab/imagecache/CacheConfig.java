package org.novalab.imagecache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The image cache's settings, named after Nova's options.
 *
 * @param instancesDir       Nova's {@code instances_path}: holds {@code _base/} and {@code locks/}
 * @param numRetries         {@code [glance] num_retries}: extra attempts after the first one (default 3)
 * @param initialBackoff     wait before the first retry; doubled for each further one, up to {@code maxBackoff}
 * @param forceRawImages     {@code force_raw_images}: qcow2 images become raw {@code _base} files (default true)
 * @param maxVirtualSize     the safety gate refuses images whose virtual size is larger (default 1 TiB)
 * @param minimumUnusedAge   {@code remove_unused_original_minimum_age_seconds} (default 86400 s)
 * @param maxConversionRatio {@code max_conversion_ratio}: {@code force_raw_images} refuses a qcow2 whose raw copy
 *                           would allocate more than this many times the bytes the image stores (default 20: a
 *                           compressed cloud image expands 2 to 5 times; a disk-fill bomb thousands of times)
 * @param baseSubdirectory   {@code [image_cache] subdirectory_name}: the cache's directory under
 *                           {@code instancesDir} (default {@code _base})
 */
public record CacheConfig(Path instancesDir, int numRetries, Duration initialBackoff, Duration maxBackoff,
                          boolean forceRawImages, long maxVirtualSize, Duration minimumUnusedAge,
                          double maxConversionRatio, String baseSubdirectory) {
    public static final long ONE_TIB = 1L << 40;
    public static final double DEFAULT_MAX_CONVERSION_RATIO = 20;
    /** Nova's {@code [image_cache] subdirectory_name} default. */
    public static final String DEFAULT_SUBDIRECTORY = "_base";

    public CacheConfig {
        Objects.requireNonNull(instancesDir, "instancesDir");
        if (numRetries < 0) {
            throw new IllegalArgumentException("num_retries must be >= 0, got " + numRetries);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff durations must be >= 0");
        }
        if (minimumUnusedAge == null || minimumUnusedAge.isNegative()) {
            throw new IllegalArgumentException("remove_unused_original_minimum_age_seconds must be >= 0");
        }
        if (maxVirtualSize <= 0) {
            throw new IllegalArgumentException("max virtual size must be positive, got " + maxVirtualSize);
        }
        if (baseSubdirectory == null || baseSubdirectory.isBlank() || baseSubdirectory.contains("/")
                || baseSubdirectory.equals(".") || baseSubdirectory.equals("..")) {
            throw new IllegalArgumentException("subdirectory_name must be a directory name, got " + baseSubdirectory);
        }
        if (!(maxConversionRatio > 0) || Double.isInfinite(maxConversionRatio)) {
            throw new IllegalArgumentException("max_conversion_ratio must be a positive number, got "
                    + maxConversionRatio);
        }
    }

    public static CacheConfig defaults(Path instancesDir) {
        return new CacheConfig(instancesDir, 3, Duration.ofMillis(500), Duration.ofSeconds(10), true, ONE_TIB,
                Duration.ofSeconds(86400), DEFAULT_MAX_CONVERSION_RATIO, DEFAULT_SUBDIRECTORY);
    }

    public CacheConfig withRetries(int retries, Duration initial) {
        return new CacheConfig(instancesDir, retries, initial, maxBackoff, forceRawImages, maxVirtualSize,
                minimumUnusedAge, maxConversionRatio, baseSubdirectory);
    }

    public CacheConfig withForceRaw(boolean forceRaw) {
        return new CacheConfig(instancesDir, numRetries, initialBackoff, maxBackoff, forceRaw, maxVirtualSize,
                minimumUnusedAge, maxConversionRatio, baseSubdirectory);
    }

    public CacheConfig withMaxVirtualSize(long bytes) {
        return new CacheConfig(instancesDir, numRetries, initialBackoff, maxBackoff, forceRawImages, bytes,
                minimumUnusedAge, maxConversionRatio, baseSubdirectory);
    }

    public CacheConfig withMinimumUnusedAge(Duration age) {
        return new CacheConfig(instancesDir, numRetries, initialBackoff, maxBackoff, forceRawImages, maxVirtualSize,
                age, maxConversionRatio, baseSubdirectory);
    }

    public CacheConfig withMaxConversionRatio(double ratio) {
        return new CacheConfig(instancesDir, numRetries, initialBackoff, maxBackoff, forceRawImages, maxVirtualSize,
                minimumUnusedAge, ratio, baseSubdirectory);
    }

    public CacheConfig withBaseSubdirectory(String name) {
        return new CacheConfig(instancesDir, numRetries, initialBackoff, maxBackoff, forceRawImages, maxVirtualSize,
                minimumUnusedAge, maxConversionRatio, name);
    }

    public Path baseDir() {
        return instancesDir.resolve(baseSubdirectory);
    }

    public Path lockDir() {
        return instancesDir.resolve("locks");
    }

    /** The wait before retry number {@code retry} (1-based): initial * 2^(retry-1), capped. */
    public Duration backoffBefore(int retry) {
        long millis = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
