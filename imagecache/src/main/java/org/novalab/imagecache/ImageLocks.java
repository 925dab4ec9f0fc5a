package org.novalab.imagecache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Nova's external lock per base image: {@code locks/nova-<name>}, held with {@code FileChannel.lock} so that two
 * novalab processes sharing {@code instances/} serialise, plus an in-process lock first (the JVM allows one file
 * lock per file, and threads must queue rather than fail). Lock files are left in place, as Nova leaves them.
 */
public final class ImageLocks {
    /** Shared by every ImageLocks of this JVM: two caches over one directory must still exclude each other. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private final Path lockDir;

    public ImageLocks(Path lockDir) {
        this.lockDir = lockDir;
    }

    /** A held lock; closing releases the file lock, then the in-process one. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock fileLock;

        private Held(ReentrantLock local, FileChannel channel, FileLock fileLock) {
            this.local = local;
            this.channel = channel;
            this.fileLock = fileLock;
        }

        @Override
        public void close() {
            try {
                fileLock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            } finally {
                local.unlock();
            }
        }
    }

    public Path lockFile(String name) {
        return lockDir.resolve("nova-" + name);
    }

    /** Waits for the lock {@code nova-<name>}. */
    public Held acquire(String name) {
        ReentrantLock local = localLock(name);
        try {
            local.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageCacheException("interrupted while waiting for lock " + lockFile(name));
        }
        FileChannel channel = null;
        try {
            channel = open(name);
            return new Held(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw new ImageCacheException("cannot take lock " + lockFile(name) + ": " + e.getMessage(), e);
        }
    }

    /** Takes the lock only when nobody (in this or another process) holds it. */
    public Optional<Held> tryAcquire(String name) {
        ReentrantLock local = localLock(name);
        if (!local.tryLock()) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = open(name);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                closeQuietly(channel);
                local.unlock();
                return Optional.empty();
            }
            return Optional.of(new Held(local, channel, lock));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw new ImageCacheException("cannot take lock " + lockFile(name) + ": " + e.getMessage(), e);
        }
    }

    private ReentrantLock localLock(String name) {
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(lockFile(name).toAbsolutePath().normalize(),
                p -> new ReentrantLock(true));
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("lock " + lockFile(name) + " is already held by this thread");
        }
        return lock;
    }

    private FileChannel open(String name) throws IOException {
        Files.createDirectories(lockDir);
        return FileChannel.open(lockFile(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
