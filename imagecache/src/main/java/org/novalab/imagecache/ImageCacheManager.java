package org.novalab.imagecache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's image cache manager: removes {@code _base} files that no instance disk uses and that nobody used for
 * {@code remove_unused_original_minimum_age_seconds} (a file's mtime is its last use: {@link ImageCache} touches
 * it on every hit). A file is only removed while holding its image lock, so a fetch in progress is never
 * disturbed. Leftover {@code .part}/{@code .converted} files of a crashed process go the same way.
 */
public final class ImageCacheManager {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheManager.class);
    private final Path baseDir;
    private final ImageLocks locks;
    private final Duration minimumAge;

    public ImageCacheManager(CacheConfig config) {
        this.baseDir = config.baseDir();
        this.locks = new ImageLocks(config.lockDir());
        this.minimumAge = config.minimumUnusedAge();
    }

    public Duration minimumAge() {
        return minimumAge;
    }

    /**
     * One aging pass.
     *
     * @param basesInUse the base files instance disks point at (paths are compared normalised and absolute)
     * @param now        the time ages are measured against
     */
    public AgingReport clean(Set<Path> basesInUse, Instant now) {
        Set<Path> used = basesInUse.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        List<Path> removed = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        List<Path> inUse = new ArrayList<>();
        for (Path file : baseFiles()) {
            if (used.contains(file.toAbsolutePath().normalize())) {
                inUse.add(file);
            } else if (oldEnough(file, now) && removeUnderLock(file, now)) {
                removed.add(file);
            } else {
                kept.add(file);
            }
        }
        AgingReport report = new AgingReport(removed, kept, inUse);
        LOG.info("image cache aging in {}: {}", baseDir, report.summary());
        return report;
    }

    private List<Path> baseFiles() {
        if (!Files.isDirectory(baseDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(baseDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ImageCacheException("cannot list " + baseDir + ": " + e.getMessage(), e);
        }
    }

    private boolean oldEnough(Path file, Instant now) {
        try {
            Instant lastUse = Files.getLastModifiedTime(file).toInstant();
            return !lastUse.plus(minimumAge).isAfter(now);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean removeUnderLock(Path file, Instant now) {
        String name = file.getFileName().toString();
        String imageLock = name.replaceFirst("\\.(part|converted)$", "");
        Optional<ImageLocks.Held> lock = locks.tryAcquire(imageLock);
        if (lock.isEmpty()) {
            return false;
        }
        try (ImageLocks.Held ignored = lock.get()) {
            // Checked again under the lock: a hit may have touched it meanwhile.
            return oldEnough(file, now) && Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
            return false;
        }
    }
}
