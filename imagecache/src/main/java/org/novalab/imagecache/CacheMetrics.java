package org.novalab.imagecache;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one {@link ImageCache}, as plain getters (module api exports them to Prometheus). */
public final class CacheMetrics {
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadAttempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong bytesDownloaded = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    /** fetchToBase calls answered from an existing {@code _base} file. */
    public long hits() {
        return hits.get();
    }

    /** fetchToBase calls that had to download. */
    public long misses() {
        return misses.get();
    }

    /** Downloads that ended with a file in {@code _base}. */
    public long downloads() {
        return downloads.get();
    }

    /** Download attempts, retries included. */
    public long downloadAttempts() {
        return downloadAttempts.get();
    }

    /** fetchToBase calls that failed (not found, retries exhausted, checksum, refused ...). */
    public long failures() {
        return failures.get();
    }

    /** Images the safety gate refused. */
    public long refused() {
        return refused.get();
    }

    /** Bytes received by successful and failed attempts. */
    public long bytesDownloaded() {
        return bytesDownloaded.get();
    }

    /** Unused bases the image cache manager removed once they were old enough. */
    public long evictions() {
        return evictions.get();
    }

    void evicted() {
        evictions.incrementAndGet();
    }

    void hit() {
        hits.incrementAndGet();
    }

    void miss() {
        misses.incrementAndGet();
    }

    void downloaded() {
        downloads.incrementAndGet();
    }

    void attempt() {
        downloadAttempts.incrementAndGet();
    }

    void failed() {
        failures.incrementAndGet();
    }

    void refusedImage() {
        refused.incrementAndGet();
    }

    void received(long bytes) {
        bytesDownloaded.addAndGet(bytes);
    }
}
