package org.novalab.storage.directory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.novalab.storage.StorageException;

/**
 * Serialises metadata updates of one pool (headers, rbd_directory) across threads and processes: an in-process
 * lock per pool directory, then a file lock on {@code .pool.lock} (the JVM refuses two overlapping file locks of
 * one file, hence the in-process lock first). Reentrant, so an update may call another on the same pool; updates
 * never hold two pools' locks at once, so two processes cannot deadlock.
 */
final class PoolLock {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock lock;
    private final String pool;

    PoolLock(Path dir, String pool) {
        this.file = dir.resolve(".pool.lock");
        this.lock = LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        this.pool = pool;
    }

    <T> T call(Supplier<T> action) {
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return action.get();
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.get();
            } catch (IOException e) {
                throw new StorageException("cannot lock pool " + pool + ": " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
