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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.novalab.io.AbandonedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's image cache manager: removes {@code _base} files that no instance disk uses and that nobody used for
 * {@code remove_unused_original_minimum_age_seconds} (a file's mtime is its last use: {@link ImageCache} touches
 * it on every hit). A file is only removed while holding its image lock, so a fetch in progress is never
 * disturbed. What a killed fetch left ({@code .part}, {@code .converted}, temporary files) is reclaimed as soon
 * as nobody holds its image lock.
 */
public final class ImageCacheManager {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheManager.class);
    private final Path baseDir;
    private final ImageLocks locks;
    private final Duration minimumAge;
    private static final Pattern LEFTOVER = Pattern.compile("(.+)\\.(part|converted)");

    private final CacheMetrics metrics;

    public ImageCacheManager(CacheConfig config) {
        this(config, new CacheMetrics());
    }

    /** @param metrics where the bases this manager ages out are counted (the cache's own, for /metrics) */
    public ImageCacheManager(CacheConfig config, CacheMetrics metrics) {
        this.metrics = metrics;
        this.baseDir = config.baseDir();
        this.locks = new ImageLocks(config.lockDir());
        this.minimumAge = config.minimumUnusedAge();
    }

    public Duration minimumAge() {
        return minimumAge;
    }

    /**
     * One aging pass: the leftovers of dead fetches go first ({@link #reclaimLeftovers()}), then each unused base
     * old enough, its {@code .info} with it.
     *
     * @param basesInUse the base files instance disks point at (paths are compared normalised and absolute)
     * @param now        the time ages are measured against
     */
    public AgingReport clean(Set<Path> basesInUse, Instant now) {
        Set<Path> used = basesInUse.stream().map(p -> p.toAbsolutePath().normalize()).collect(Collectors.toSet());
        List<Path> removed = new ArrayList<>(reclaimLeftovers());
        List<Path> kept = new ArrayList<>();
        List<Path> inUse = new ArrayList<>();
        for (Path file : files()) {
            if (!isBase(file)) {
                continue;
            }
            if (used.contains(file.toAbsolutePath().normalize())) {
                inUse.add(file);
            } else if (oldEnough(file, now) && removeUnderLock(file, now)) {
                removed.add(file);
                metrics.evicted();
            } else {
                kept.add(file);
            }
        }
        AgingReport report = new AgingReport(removed, kept, inUse);
        LOG.info("image cache aging in {}: {}", baseDir, report.summary());
        return report;
    }

    /**
     * Removes what dead writers left in {@code _base}, whatever its age: a {@code .part} or {@code .converted}
     * file, or a {@code .info} without its base, whose image lock nobody holds (a live fetch holds it from its
     * first byte to its rename), and hidden temporary files of dead processes. Safe at any time; the server runs
     * it on start and in every aging pass.
     */
    public List<Path> reclaimLeftovers() {
        List<Path> removed = new ArrayList<>();
        try {
            removed.addAll(AbandonedFiles.reclaim(baseDir));
        } catch (IOException e) {
            LOG.warn("cannot reclaim temporary files in {}: {}", baseDir, e.toString());
        }
        for (Path file : files()) {
            Optional<String> image = leftoverOf(file);
            if (image.isPresent() && removeLeftoverUnderLock(file, image.get())) {
                removed.add(file);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} leftover(s) of interrupted fetches in {}: {}", removed.size(), baseDir, removed);
        }
        return removed;
    }

    private List<Path> files() {
        if (!Files.isDirectory(baseDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(baseDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ImageCacheException("cannot list " + baseDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBase(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !LEFTOVER.matcher(name).matches() && !BaseInfo.isInfoFile(file);
    }

    /** The image a leftover belongs to: a part or converted file, or a {@code .info} whose base is gone. */
    private static Optional<String> leftoverOf(Path file) {
        String name = file.getFileName().toString();
        Matcher m = LEFTOVER.matcher(name);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        if (BaseInfo.isInfoFile(file) && !name.startsWith(".")) {
            String image = name.substring(0, name.length() - BaseInfo.SUFFIX.length());
            return Files.exists(baseDir(file).resolve(image)) ? Optional.empty() : Optional.of(image);
        }
        return Optional.empty();
    }

    private static Path baseDir(Path file) {
        return file.toAbsolutePath().getParent();
    }

    private boolean removeLeftoverUnderLock(Path file, String image) {
        Optional<ImageLocks.Held> lock = locks.tryAcquire(image);
        if (lock.isEmpty()) {
            return false;
        }
        try (ImageLocks.Held ignored = lock.get()) {
            // Checked again under the lock: a fetch may have renamed the base into place meanwhile.
            return leftoverOf(file).isPresent() && Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
            return false;
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

    /** The base goes first, then its {@code .info}: a crash between leaves an orphan info, never a bare base. */
    private boolean removeUnderLock(Path base, Instant now) {
        Optional<ImageLocks.Held> lock = locks.tryAcquire(base.getFileName().toString());
        if (lock.isEmpty()) {
            return false;
        }
        try (ImageLocks.Held ignored = lock.get()) {
            // Checked again under the lock: a hit may have touched it meanwhile.
            if (!oldEnough(base, now) || !Files.deleteIfExists(base)) {
                return false;
            }
            Files.deleteIfExists(BaseInfo.pathFor(base));
            return true;
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", base, e.toString());
            return false;
        }
    }
}
