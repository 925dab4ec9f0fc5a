package org.novalab.storage.directory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.novalab.io.AbandonedFiles;
import org.novalab.storage.Cluster;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ParentInfo;
import org.novalab.storage.Pool;
import org.novalab.storage.PoolNotFound;
import org.novalab.storage.StorageException;
import org.novalab.storage.directory.RbdHeader.ParentLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage cluster kept in a directory: one subdirectory per pool ({@code <state>/pool/images},
 * {@code <state>/pool/vms}), one file per RADOS object in it, laid out like Ceph's RBD format 2. This is where a
 * pool is opened; everything else works through {@link Cluster}, {@link Pool} and {@link org.novalab.storage.Image}.
 */
public final class DirectoryCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCluster.class);
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");
    private final Path root;
    private final Map<String, Path> placed;

    private DirectoryCluster(Path root, Map<String, Path> placed) {
        this.root = root;
        this.placed = Map.copyOf(placed);
    }

    /** The cluster whose pools are the subdirectories of {@code root} (created when a pool is). */
    public static DirectoryCluster open(Path root) {
        return new DirectoryCluster(root, Map.of());
    }

    /** The same cluster with pool {@code name} kept in {@code dir} instead ({@code rados --pool-dir}). */
    public DirectoryCluster withPoolDir(String name, Path dir) {
        Map<String, Path> more = new HashMap<>(placed);
        more.put(checkName(name), dir);
        return new DirectoryCluster(root, more);
    }

    /** Opening a pool reclaims the temporary objects a killed writer left in it ({@link AbandonedFiles}). */
    @Override
    public Pool openPool(String name) {
        return reclaimAbandoned(directoryPool(name));
    }

    @Override
    public Pool createPool(String name) {
        Path dir = poolDir(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create pool " + name + " (" + dir + "): " + e.getMessage(), e);
        }
        return reclaimAbandoned(directoryPool(name));
    }

    private static DirectoryPool reclaimAbandoned(DirectoryPool pool) {
        try {
            List<Path> removed = AbandonedFiles.reclaim(pool.dir());
            if (!removed.isEmpty()) {
                LOG.info("pool {}: removed {} temporary object file(s) of dead writers", pool.name(), removed.size());
            }
        } catch (IOException e) {
            LOG.warn("pool {}: cannot reclaim temporary files of dead writers: {}", pool.name(), e.toString());
        }
        return pool;
    }

    @Override
    public boolean poolExists(String name) {
        return Files.isDirectory(poolDir(name));
    }

    @Override
    public List<String> listPools() {
        TreeSet<String> names = new TreeSet<>(placed.keySet());
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                        .filter(n -> POOL_NAME.matcher(n).matches()).forEach(names::add);
            } catch (IOException e) {
                throw new StorageException("cannot list pools in " + root + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(names);
    }

    DirectoryPool directoryPool(String name) {
        Path dir = poolDir(name);
        if (!Files.isDirectory(dir)) {
            throw new PoolNotFound("error opening pool " + name + " (" + dir + "): No such file or directory");
        }
        return new DirectoryPool(this, name, dir);
    }

    /** True when this cluster's pool of that name is that very directory (a clone may link only such pools). */
    boolean holds(DirectoryPool pool) {
        return normal(poolDir(pool.name())).equals(normal(pool.dir()));
    }

    /** The view of the snapshot a clone reads through to. */
    ImageView parentView(ParentLink link) {
        return directoryPool(link.pool()).snapshotView(link.imageId(), link.snapId());
    }

    /** The parent's names, for {@code parent_info()}; ids stand in for what can no longer be found. */
    Optional<ParentInfo> parentInfo(ParentLink link, long overlap) {
        if (!poolExists(link.pool())) {
            return Optional.of(new ParentInfo(link.pool(), link.imageId(), String.valueOf(link.snapId()), overlap));
        }
        return Optional.of(directoryPool(link.pool()).describeParent(link, overlap));
    }

    private Path poolDir(String name) {
        return placed.getOrDefault(checkName(name), root.resolve(name));
    }

    private static String checkName(String name) {
        if (name == null || !POOL_NAME.matcher(name).matches() || name.contains("..")) {
            throw new InvalidArgument("invalid pool name '" + name + "'");
        }
        return name;
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "directory cluster " + root;
    }
}
