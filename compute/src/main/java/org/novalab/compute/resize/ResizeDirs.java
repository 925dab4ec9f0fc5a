package org.novalab.compute.resize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.novalab.compute.instance.InstanceDirs;
import org.novalab.io.AtomicFiles;

/**
 * The directories of a resize on one host. Nova's libvirt driver moves {@code <uuid>} aside to {@code <uuid>_resize}
 * and builds the resized instance in a new {@code <uuid>}; here the new directory is built whole first, beside both
 * ({@code <uuid>.resizing}), and only then do two durable renames put it in place: {@code <uuid>} becomes
 * {@code <uuid>_resize}, {@code <uuid>.resizing} becomes {@code <uuid>}. A revert moves the resized directory
 * aside ({@code <uuid>.reverted}) before the old one comes back, and removes it last. So at every instant one whole
 * directory holds the old disk, and {@link #recover} tells from the names alone which step a crash cut short: a
 * staged directory means the resize had not finished its swap (it is undone: the old directory comes back); a
 * reverted one means the revert had begun (it is finished).
 */
public final class ResizeDirs {
    /** Nova's name for the directory the old disk waits in until the resize is confirmed or reverted. */
    static final String RESIZE = "_resize";
    static final String STAGED = ".resizing";
    static final String REVERTED = ".reverted";
    private final Path dir;

    public ResizeDirs(Path instanceDir) {
        this.dir = instanceDir.toAbsolutePath().normalize();
    }

    public Path current() {
        return dir;
    }

    /** Where the old instance directory waits: {@code <uuid>_resize}. */
    public Path old() {
        return sibling(RESIZE);
    }

    Path staged() {
        return sibling(STAGED);
    }

    Path reverted() {
        return sibling(REVERTED);
    }

    /** Whether a resize is waiting for its confirmation or revert. */
    public boolean waiting() {
        return Files.isDirectory(old());
    }

    /** The staged directory becomes the instance's; the old one waits as {@code <uuid>_resize}. */
    void swap() {
        rename(dir, old());
        rename(staged(), dir);
    }

    /** A move to another host: the instance directory waits as {@code <uuid>_resize}; no new one is made here. */
    void setAside() {
        rename(dir, old());
    }

    /** Removes what a failed resize staged; the instance directory stays as it was. */
    void discard() {
        InstanceDirs.remove(staged());
    }

    /** Confirmed: the old directory goes. */
    void removeOld() {
        InstanceDirs.remove(old());
    }

    /**
     * The old directory comes back, the resized one goes; a no-op when no resize is waiting. Safe to repeat after a
     * crash at any step.
     */
    void revert() {
        if (!waiting()) {
            return;
        }
        if (Files.exists(dir)) {
            rename(dir, reverted());
        }
        rename(old(), dir);
        InstanceDirs.remove(reverted());
    }

    /** A deleted instance's resize leftovers go with it, and what arrived of a move to this host. */
    public void removeAll() {
        for (Path p : List.of(staged(), reverted(), old(), sibling(InstanceMover.INCOMING))) {
            InstanceDirs.remove(p);
        }
    }

    /**
     * Puts this instance's directories right after a crash: an unfinished swap is undone, an unfinished revert
     * finished. A resize that had swapped (the old directory waits beside the new one) is left for the caller,
     * who knows from the database whether it was waiting for its confirmation.
     *
     * @return whether anything was left over
     */
    public boolean recover() {
        boolean touched = false;
        if (Files.exists(reverted())) {
            if (!Files.exists(dir) && waiting()) {
                rename(old(), dir);
            }
            InstanceDirs.remove(reverted());
            touched = true;
        }
        if (Files.exists(sibling(InstanceMover.INCOMING))) {
            // a move to this host cut short: its source finds the failure and takes the instance back
            InstanceDirs.remove(sibling(InstanceMover.INCOMING));
            touched = true;
        }
        if (Files.exists(staged())) {
            if (!Files.exists(dir) && waiting()) {
                rename(old(), dir); // cut between the two renames
            }
            discard();
            touched = true;
        }
        return touched;
    }

    /** Every instance under {@code instancesDir} with a resize's leftovers, each recovered (at start-up). */
    public static List<UUID> recoverAll(Path instancesDir) {
        Set<UUID> touched = new TreeSet<>();
        if (!Files.isDirectory(instancesDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(instancesDir)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                instanceOf(p.getFileName().toString()).ifPresent(uuid -> {
                    if (new ResizeDirs(instancesDir.resolve(uuid.toString())).recover()) {
                        touched.add(uuid);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + instancesDir + ": " + e.getMessage(), e);
        }
        return List.copyOf(touched);
    }

    private static Optional<UUID> instanceOf(String name) {
        for (String suffix : List.of(STAGED, REVERTED, InstanceMover.INCOMING)) {
            if (name.endsWith(suffix)) {
                try {
                    return Optional.of(UUID.fromString(name.substring(0, name.length() - suffix.length())));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Path sibling(String suffix) {
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
