package org.novalab.compute.instance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.novalab.io.AtomicFiles;

/**
 * How a rebuild replaces an instance directory so that no crash leaves it half-made: the new directory is built
 * whole beside the old one ({@code <uuid>.rebuild}), then two renames swap them ({@code <uuid>} becomes
 * {@code <uuid>.old}, {@code <uuid>.rebuild} becomes {@code <uuid>}) and the old one is removed last. Each rename
 * is atomic and made durable before the next step, so after a crash {@link #recover} finds which directory is
 * whole: a staged directory beside the instance's own was cut short and goes; an old one means the swap had
 * begun, so the staged one (complete before the swap starts) takes its place. Every leftover names its instance,
 * whose other secrets the caller then removes.
 *
 * <p>The staging directory sits in the instances directory itself: the renames stay on one file system, and the
 * image cache's scan of instance disks sees the staged disk's base as in use.
 */
public final class InstanceDirSwap {
    static final String STAGED = ".rebuild";
    static final String OLD = ".old";
    private final Path dir;

    public InstanceDirSwap(Path instanceDir) {
        this.dir = instanceDir.toAbsolutePath().normalize();
    }

    /** Where the new instance directory is built. */
    public Path staged() {
        return sibling(dir, STAGED);
    }

    Path old() {
        return sibling(dir, OLD);
    }

    /** Removes what a failed rebuild staged; the instance's own directory stays as it was. */
    public void discard() {
        InstanceDirs.remove(staged());
    }

    /** The staged directory becomes the instance's; the old one stays beside it until {@link #removeOld}. */
    public void swap() {
        rename(dir, old());
        rename(staged(), dir);
    }

    public void removeOld() {
        InstanceDirs.remove(old());
    }

    /**
     * Finishes or undoes every swap a crash cut short under {@code instancesDir} (at start-up, before the host
     * takes work).
     *
     * @return the instances whose directory had leftovers: their root disks may hold secrets no directory names
     */
    public static List<UUID> recover(Path instancesDir) {
        Set<UUID> touched = new TreeSet<>();
        for (Path leftover : leftovers(instancesDir, OLD)) {
            InstanceDirSwap swap = of(leftover, OLD);
            if (!Files.exists(swap.dir)) {
                // cut between the renames: the staged directory was whole, the old one had just been moved aside
                rename(Files.isDirectory(swap.staged()) ? swap.staged() : swap.old(), swap.dir);
            }
            swap.removeOld();
            touched.add(uuidOf(leftover, OLD));
        }
        for (Path leftover : leftovers(instancesDir, STAGED)) {
            // the swap had not begun (or the instance is gone): the old directory, or nothing, is the whole one
            of(leftover, STAGED).discard();
            touched.add(uuidOf(leftover, STAGED));
        }
        return new ArrayList<>(touched);
    }

    private static InstanceDirSwap of(Path leftover, String suffix) {
        return new InstanceDirSwap(leftover.resolveSibling(uuidOf(leftover, suffix).toString()));
    }

    private static List<Path> leftovers(Path instancesDir, String suffix) {
        if (!Files.isDirectory(instancesDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(instancesDir)) {
            return s.filter(Files::isDirectory).filter(p -> instanceOf(p, suffix).isPresent()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + instancesDir + ": " + e.getMessage(), e);
        }
    }

    private static UUID uuidOf(Path leftover, String suffix) {
        return instanceOf(leftover, suffix).orElseThrow();
    }

    private static Optional<UUID> instanceOf(Path p, String suffix) {
        String name = p.getFileName().toString();
        if (!name.endsWith(suffix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(name.substring(0, name.length() - suffix.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    private static void rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(to.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
