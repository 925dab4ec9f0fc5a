package org.novalab.disk.layer;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which byte ranges of a file hold data and which are holes, as the file system tells through
 * {@code lseek(SEEK_DATA/SEEK_HOLE)}: how QEMU's file driver answers block-status for a raw file. A file system
 * without that support (or a platform without it) reports the whole file as data, as QEMU then does.
 */
public final class FileAllocation implements AutoCloseable {
    /** One run of the file: data or hole, from {@code offset} for {@code length} bytes. */
    public record Run(long offset, long length, boolean data) {
    }

    private interface LibC extends Library {
        int open(String path, int flags);

        long lseek(int fd, long offset, int whence);

        int close(int fd);
    }

    private static final int O_RDONLY = 0;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final Optional<LibC> LIBC = load();

    private final int fd;

    private FileAllocation(int fd) {
        this.fd = fd;
    }

    private static Optional<LibC> load() {
        try {
            // SEEK_DATA/SEEK_HOLE are 3/4 on Linux; other systems number them differently
            if (!Platform.isLinux()) {
                return Optional.empty();
            }
            return Optional.of(Native.load("c", LibC.class));
        } catch (LinkageError | RuntimeException e) {
            // no native access here (JNA cannot unpack or load libc): report every byte as data, as QEMU does
            // where lseek cannot tell holes
            return Optional.empty();
        }
    }

    /** Opens {@code path} for hole queries; empty when this platform cannot tell holes from data. */
    public static Optional<FileAllocation> open(Path path) {
        if (LIBC.isEmpty()) {
            return Optional.empty();
        }
        int fd = LIBC.get().open(path.toString(), O_RDONLY);
        return fd < 0 ? Optional.empty() : Optional.of(new FileAllocation(fd));
    }

    /**
     * The run that starts at {@code offset}, at most {@code max} bytes long, within a file of {@code fileSize}
     * bytes. Data runs end where the file system's next hole starts, holes where its next data starts.
     */
    public Run runAt(long offset, long max, long fileSize) {
        LibC libc = LIBC.orElseThrow();
        long end = Math.min(fileSize, offset + max);
        long data = libc.lseek(fd, offset, SEEK_DATA);
        if (data < 0) {
            // ENXIO: no data at or after offset, a trailing hole; any other error: no information, all data
            return Native.getLastError() == ENXIO ? new Run(offset, end - offset, false)
                    : new Run(offset, end - offset, true);
        }
        if (data > offset) {
            return new Run(offset, Math.min(data, end) - offset, false);
        }
        long hole = libc.lseek(fd, offset, SEEK_HOLE);
        long dataEnd = hole < 0 ? end : Math.min(hole, end);
        // a run is never empty: at a data offset the next hole lies beyond it
        return new Run(offset, Math.max(1, dataEnd - offset), true);
    }

    @Override
    public void close() {
        LIBC.ifPresent(libc -> libc.close(fd));
    }
}
