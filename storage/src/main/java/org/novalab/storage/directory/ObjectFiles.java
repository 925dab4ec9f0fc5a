package org.novalab.storage.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.novalab.io.AtomicFile;
import org.novalab.io.AtomicFiles;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ObjectNotFound;
import org.novalab.storage.ObjectStat;
import org.novalab.storage.StorageException;

/**
 * A pool's objects as files of one directory. Every object is written under a hidden temporary name, fsynced and
 * renamed, so a reader never sees half an object, and a file once written is never changed in place: a second
 * name (hard link) of it keeps its bytes whatever happens to the first. Names starting with {@code .} are the
 * store's own (temporary files, the lock, snapshot copies of objects) and are not objects.
 */
final class ObjectFiles {
    private static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}");

    private final Path dir;
    private final String pool;

    ObjectFiles(Path dir, String pool) {
        this.dir = dir;
        this.pool = pool;
    }

    Path dir() {
        return dir;
    }

    /** Every object's name, sorted; the store's hidden files are not objects. */
    List<String> list() {
        return listFiles(false);
    }

    /** The store's hidden files (snapshot copies of objects among them), sorted. */
    List<String> listHidden() {
        return listFiles(true);
    }

    private List<String> listFiles(boolean hidden) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") == hidden).sorted()
                    .toList();
        } catch (IOException e) {
            throw new StorageException("cannot list pool " + pool + ": " + e.getMessage(), e);
        }
    }

    boolean exists(String object) {
        return Files.isRegularFile(path(object));
    }

    ObjectStat stat(String object) {
        Path file = path(object);
        try {
            return new ObjectStat(pool, object, Files.size(file), Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            throw new ObjectNotFound(pool, object);
        } catch (IOException e) {
            throw new StorageException("cannot stat " + pool + "/" + object + ": " + e.getMessage(), e);
        }
    }

    byte[] read(String object) {
        try {
            return Files.readAllBytes(path(object));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFound(pool, object);
        } catch (IOException e) {
            throw new StorageException("cannot read " + pool + "/" + object + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the object, durably: a metadata object, or an object someone puts by hand (rados put). */
    void put(String object, InputStream data) {
        writeAtomically(object, data::transferTo, false);
    }

    void put(String object, byte[] data, int offset, int length) {
        writeAtomically(object, out -> out.write(data, offset, length), false);
    }

    /**
     * Replaces a data object an image writes: fsynced and renamed, the rename durable with the next directory
     * sync, which the image's next metadata write (its header at the end of an import or resize) or its
     * {@code flush()} (a guest's flush) brings, so a run of data objects costs one directory sync, not one each.
     */
    void putData(String object, byte[] data, int offset, int length) {
        writeAtomically(object, out -> out.write(data, offset, length), true);
    }

    void remove(String object) {
        if (!removeIfExists(object)) {
            throw new ObjectNotFound(pool, object);
        }
    }

    /** Removes the object when present; true when it was. */
    boolean removeIfExists(String object) {
        return delete(path(object), object);
    }

    /** Removes one of the store's hidden files when present. */
    void removeHidden(String hiddenName) {
        delete(hiddenPath(hiddenName), hiddenName);
    }

    private boolean delete(Path file, String what) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageException("cannot remove " + pool + "/" + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the object's current bytes the hidden name {@code hiddenName} too: a hard link (the object is only ever
     * replaced by rename, so the link keeps these bytes), or a copy where links are not supported.
     */
    void keepAs(String object, String hiddenName) {
        try {
            AtomicFiles.linkOrCopy(path(object), hiddenPath(hiddenName));
        } catch (IOException e) {
            throw new StorageException("cannot keep " + pool + "/" + object + " as " + hiddenName + ": "
                    + e.getMessage(), e);
        }
    }

    /** The file of an object; the name must not leave the directory nor be one of the store's hidden files. */
    Path path(String object) {
        if (object == null || !OBJECT_NAME.matcher(object).matches() || object.contains("..")) {
            throw new InvalidArgument("invalid object name '" + object + "'");
        }
        return dir.resolve(object);
    }

    /** The file of one of the store's hidden names ({@code .} and an object name). */
    Path hiddenPath(String hiddenName) {
        if (!hiddenName.startsWith(".") || hiddenName.contains("/")) {
            throw new IllegalArgumentException("not a hidden name: " + hiddenName);
        }
        return dir.resolve(hiddenName);
    }

    interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces the object with what {@code writer} writes, complete or not at all ({@link AtomicFile}). */
    private void writeAtomically(String object, ObjectWriter writer, boolean batch) {
        Path target = path(object);
        try (AtomicFile file = AtomicFile.create(target)) {
            try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                writer.writeTo(out);
                out.flush();
            }
            if (batch) {
                file.commitInBatch();
            } else {
                file.commit();
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + pool + "/" + object + ": " + e.getMessage(), e);
        }
    }

    /** Makes every object write so far durable (their renames). */
    void sync() {
        AtomicFiles.syncDirectory(dir);
    }

}
