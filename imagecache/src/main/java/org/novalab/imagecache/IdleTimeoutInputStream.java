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
 * Fails a read that makes no progress for the idle timeout: closes the underlying stream (which unblocks the
 * reader) and reports the stall as an I/O error, which {@link ImageCache} retries. A slow trickle is fine; a body
 * that stops is not left hanging forever.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "image-download-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Duration idle;
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idle = idle;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(this::stall, idle.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw timedOut ? stalled(e) : e;
        } finally {
            alarm.cancel(false);
        }
    }

    private IOException stalled(IOException cause) {
        return new IOException("no data for " + idle.toMillis() + " ms: download stalled", cause);
    }

    private void stall() {
        timedOut = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the failure
        }
    }
}
