package org.novalab.imagecache;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails a download that receives nothing for the idle timeout: a watchdog closes the underlying stream (which
 * unblocks the reader) and the read reports the stall as an I/O error, which {@link ImageCache} retries. A slow
 * trickle is fine; a body that stops is not left hanging forever.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-download-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final long idleNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean reading;
    private volatile boolean stalled;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idleNanos = idle.toNanos();
        long period = Math.max(1, idle.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        lastProgress = System.nanoTime();
        reading = true;
        try {
            int n = super.read(b, off, len);
            lastProgress = System.nanoTime();
            return n;
        } catch (IOException e) {
            if (stalled) {
                throw new IOException("no data for " + idleNanos / 1_000_000 + " ms: download stalled", e);
            }
            throw e;
        } finally {
            reading = false;
        }
    }

    private void checkProgress() {
        if (reading && System.nanoTime() - lastProgress > idleNanos) {
            stalled = true;
            ScheduledFuture<?> self = check;
            if (self != null) {
                self.cancel(false);
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // the blocked reader sees the failure
            }
        }
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
