package org.novalab.storage.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One RADOS pool, kept as a directory with one file per object, laid out like Ceph's RBD format 2: image data in
 * {@code rbd_data.<id>.<%016x>} objects of 2^order bytes (all-zero objects are not stored), metadata in
 * {@code rbd_header.<id>}, {@code rbd_id.<name>} holding the id, and {@code rbd_directory} mapping names to ids.
 *
 * <p>Every object is written under a hidden temporary name, fsynced and renamed, so a reader never sees half an
 * object. Directory updates are serialised across processes by a file lock on {@code .pool.lock}.
 */
public final class Pool {
    public static final int DEFAULT_ORDER = 23;
    static final String DIRECTORY = "rbd_directory";
    private static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String name;

    private Pool(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** Opens the pool kept in {@code dir}, creating the directory when missing. */
    public static Pool open(Path dir, String name) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PoolException("cannot create pool directory " + dir + ": " + e.getMessage(), e);
        }
        return new Pool(dir, name);
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    // ---- objects (rados) ----

    /** Every object's name, sorted (rados lists in hash order; sorting keeps output stable). */
    public List<String> listObjects() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new PoolException("cannot list pool " + name + ": " + e.getMessage(), e);
        }
    }

    public boolean exists(String object) {
        return Files.isRegularFile(objectPath(object));
    }

    public ObjectStat stat(String object) {
        Path file = objectPath(object);
        try {
            return new ObjectStat(name, object, Files.size(file), Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            throw new ObjectNotFound(name, object);
        } catch (IOException e) {
            throw new PoolException("cannot stat " + name + "/" + object + ": " + e.getMessage(), e);
        }
    }

    public InputStream get(String object) {
        try {
            return Files.newInputStream(objectPath(object));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFound(name, object);
        } catch (IOException e) {
            throw new PoolException("cannot read " + name + "/" + object + ": " + e.getMessage(), e);
        }
    }

    public byte[] getBytes(String object) {
        try (InputStream in = get(object)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new PoolException("cannot read " + name + "/" + object + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the object with everything {@code data} yields, atomically. */
    public void put(String object, InputStream data) {
        writeAtomically(object, out -> data.transferTo(out));
    }

    public void put(String object, byte[] data, int offset, int length) {
        writeAtomically(object, out -> out.write(data, offset, length));
    }

    public void remove(String object) {
        try {
            if (!Files.deleteIfExists(objectPath(object))) {
                throw new ObjectNotFound(name, object);
            }
        } catch (IOException e) {
            throw new PoolException("cannot remove " + name + "/" + object + ": " + e.getMessage(), e);
        }
    }

    /** Removes the object when present; true when it was. */
    boolean removeIfExists(String object) {
        try {
            return Files.deleteIfExists(objectPath(object));
        } catch (IOException e) {
            throw new PoolException("cannot remove " + name + "/" + object + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code target} a second name of {@code source}'s bytes: a hard link, or a copy across devices. */
    void link(String source, String target) {
        Path from = objectPath(source);
        Path to = objectPath(target);
        try {
            Path tmp = tempPath(target);
            try {
                Files.createLink(tmp, from);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            rename(tmp, to);
        } catch (IOException e) {
            throw new PoolException("cannot copy " + name + "/" + source + " to " + target + ": " + e.getMessage(),
                    e);
        }
    }

    Path objectPath(String object) {
        if (object == null || !OBJECT_NAME.matcher(object).matches() || object.contains("..")) {
            throw new PoolException("invalid object name '" + object + "'");
        }
        return dir.resolve(object);
    }

    interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    void writeAtomically(String object, ObjectWriter writer) {
        Path target = objectPath(object);
        Path tmp = tempPath(object);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            rename(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new PoolException("cannot write " + name + "/" + object + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private Path tempPath(String object) {
        return dir.resolve(".tmp." + object + "." + Long.toHexString(RANDOM.nextLong()));
    }

    private static void rename(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure matters more
        }
    }

    // ---- images (rbd) ----

    /** Creates an empty RBD v2 image of {@code size} bytes (all holes) with a fresh 12-hex-digit id. */
    public RbdImage createImage(String imageName, long size, int order) {
        if (order < 12 || order > 25) {
            throw new PoolException("order must be between 12 (4 KiB objects) and 25 (32 MiB), got " + order);
        }
        if (size < 0) {
            throw new PoolException("image size must not be negative, got " + size);
        }
        objectPath("rbd_id." + imageName);
        return withDirectoryLock(() -> {
            Map<String, String> directory = readDirectory();
            if (directory.containsKey(imageName)) {
                throw new PoolException("rbd image " + name + "/" + imageName + " already exists");
            }
            String id;
            do {
                id = HexFormat.of().formatHex(randomBytes(6));
            } while (directory.containsValue(id));
            RbdHeader header = new RbdHeader(size, order, "rbd_data." + id, RbdHeader.FEATURE_LAYERING,
                    Instant.now().getEpochSecond(), null);
            writeHeader(id, header);
            byte[] idBytes = id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            put("rbd_id." + imageName, idBytes, 0, idBytes.length);
            directory.put(imageName, id);
            writeDirectory(directory);
            return new RbdImage(this, imageName, id, header);
        });
    }

    public RbdImage createImage(String imageName, long size) {
        return createImage(imageName, size, DEFAULT_ORDER);
    }

    /** The image with that name, or whose id (block name prefix without {@code rbd_data.}) is that. */
    public Optional<RbdImage> findImage(String nameOrId) {
        Map<String, String> directory = readDirectory();
        String id = directory.get(nameOrId);
        String imageName = nameOrId;
        if (id == null) {
            for (Map.Entry<String, String> e : directory.entrySet()) {
                if (e.getValue().equals(nameOrId)) {
                    id = e.getValue();
                    imageName = e.getKey();
                }
            }
        }
        if (id == null || !exists("rbd_header." + id)) {
            return Optional.empty();
        }
        return Optional.of(new RbdImage(this, imageName, id, readHeader(id)));
    }

    public RbdImage image(String nameOrId) {
        return findImage(nameOrId).orElseThrow(
                () -> new PoolException("rbd image " + name + "/" + nameOrId + ": No such file or directory"));
    }

    /** Every image, sorted by name (what {@code rbd ls} prints). */
    public List<RbdImage> images() {
        List<RbdImage> list = new ArrayList<>();
        for (Map.Entry<String, String> e : readDirectory().entrySet()) {
            if (exists("rbd_header." + e.getValue())) {
                list.add(new RbdImage(this, e.getKey(), e.getValue(), readHeader(e.getValue())));
            }
        }
        return list;
    }

    /** Removes the image's data objects, header, id object and directory entry. */
    public void removeImage(String nameOrId) {
        RbdImage image = image(nameOrId);
        withDirectoryLock(() -> {
            image.removeData();
            removeIfExists("rbd_header." + image.id());
            removeIfExists("rbd_id." + image.name());
            Map<String, String> directory = readDirectory();
            directory.remove(image.name());
            writeDirectory(directory);
            return null;
        });
    }

    RbdHeader readHeader(String id) {
        try {
            return JSON.readValue(getBytes("rbd_header." + id), RbdHeader.class);
        } catch (IOException e) {
            throw new PoolException("corrupt header rbd_header." + id + " in pool " + name + ": " + e.getMessage(),
                    e);
        }
    }

    void writeHeader(String id, RbdHeader header) {
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header);
            put("rbd_header." + id, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** rbd_directory: image name -> id (Ceph keeps both directions in the object's omap). */
    private Map<String, String> readDirectory() {
        if (!exists(DIRECTORY)) {
            return new TreeMap<>();
        }
        try {
            DirectoryContent content = JSON.readValue(getBytes(DIRECTORY), DirectoryContent.class);
            return new TreeMap<>(content.nameToId() == null ? Map.of() : content.nameToId());
        } catch (IOException e) {
            throw new PoolException("corrupt rbd_directory in pool " + name + ": " + e.getMessage(), e);
        }
    }

    private void writeDirectory(Map<String, String> nameToId) {
        try {
            Map<String, String> idToName = new TreeMap<>();
            nameToId.forEach((k, v) -> idToName.put(v, k));
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new DirectoryContent(new TreeMap<>(nameToId), idToName));
            put(DIRECTORY, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record DirectoryContent(@com.fasterxml.jackson.annotation.JsonProperty("name_to_id") Map<String, String> nameToId,
                            @com.fasterxml.jackson.annotation.JsonProperty("id_to_name") Map<String, String> idToName) {
    }

    <T> T withDirectoryLock(Supplier<T> action) {
        synchronized (this.getClass()) {
            try (FileChannel ch = FileChannel.open(dir.resolve(".pool.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new PoolException("cannot lock pool " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "pool " + name + " (" + dir + ")";
    }
}
