package org.novalab.imagecache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.novalab.disk.DiskTool;
import org.novalab.disk.ImageInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@code _base} files instance disks use: reads the header of every {@code instances/<uuid>/disk*}
 * through the disk library and follows each backing chain down to its end. (Nova asks its database which
 * instances run on the host; novalab's disks on disk are the truth.)
 */
public final class BaseUsageScanner {
    private static final Logger LOG = LoggerFactory.getLogger(BaseUsageScanner.class);
    private static final int MAX_CHAIN = 16;
    private final DiskTool diskTool;

    public BaseUsageScanner(DiskTool diskTool) {
        this.diskTool = diskTool;
    }

    /** Every file some instance disk under {@code instancesDir} has in its backing chain, absolute. */
    public Set<Path> basesInUse(Path instancesDir) {
        Set<Path> used = new HashSet<>();
        for (Path disk : instanceDisks(instancesDir)) {
            Path current = disk;
            for (int depth = 0; depth < MAX_CHAIN; depth++) {
                Path backing = backingOf(current);
                if (backing == null) {
                    break;
                }
                used.add(backing.toAbsolutePath().normalize());
                current = backing;
            }
        }
        return used;
    }

    private Path backingOf(Path image) {
        if (!Files.isRegularFile(image)) {
            return null;
        }
        try {
            ImageInfo info = diskTool.info(image);
            String backing = info.fullBackingFilename() != null ? info.fullBackingFilename()
                    : info.backingFilename();
            return backing == null ? null : image.toAbsolutePath().getParent().resolve(backing);
        } catch (RuntimeException e) {
            // An unreadable disk must not make its base look unused: the caller keeps bases it cannot rule out.
            throw new ImageCacheException("cannot read the header of instance disk " + image
                    + " (refusing to age the cache without knowing what it uses): " + e.getMessage(), e);
        }
    }

    private static Set<Path> instanceDisks(Path instancesDir) {
        Set<Path> disks = new HashSet<>();
        if (!Files.isDirectory(instancesDir)) {
            return disks;
        }
        try (Stream<Path> dirs = Files.list(instancesDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                if (name.equals("_base") || name.equals("locks") || name.equals("pool") || name.startsWith(".")) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.equals("disk") || (n.startsWith("disk.") && !n.equals("disk.info"));
                    }).forEach(disks::add);
                }
            }
        } catch (IOException e) {
            throw new ImageCacheException("cannot scan " + instancesDir + ": " + e.getMessage(), e);
        }
        LOG.debug("found {} instance disks under {}", disks.size(), instancesDir);
        return disks;
    }
}
