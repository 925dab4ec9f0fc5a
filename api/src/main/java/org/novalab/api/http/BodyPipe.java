package org.novalab.api.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A bounded bridge from a Vert.x request body to a blocking reader: the event loop writes chunks in, a worker
 * thread reads them as an {@link InputStream}. When more than {@code maxBytes} wait, the pipe reports itself full
 * and Vert.x pauses the socket until the reader drains it, so an upload is never held whole in memory.
 */
public final class BodyPipe extends InputStream implements WriteStream<Buffer> {
    private final Context context;
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    private int maxBytes;
    private long queued;
    private int position;
    private boolean ended;
    private Throwable failure;
    private Handler<Void> drainHandler;
    private boolean drainPending;

    public BodyPipe(Context context, int maxBytes) {
        this.context = context;
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized Future<Void> write(Buffer data) {
        if (ended || failure != null) {
            return Future.failedFuture("the upload pipe is closed");
        }
        if (data.length() > 0) {
            chunks.add(data);
            queued += data.length();
            notifyAll();
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Void> end() {
        ended = true;
        notifyAll();
        return Future.succeededFuture();
    }

    /** The sender failed (connection lost, body cut short): the reader sees an IOException. */
    public synchronized void fail(Throwable cause) {
        failure = cause;
        notifyAll();
    }

    @Override
    public synchronized boolean writeQueueFull() {
        boolean full = queued >= maxBytes;
        if (full) {
            drainPending = true;
        }
        return full;
    }

    @Override
    public synchronized WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        this.maxBytes = maxSize;
        return this;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        synchronized (this) {
            this.drainHandler = handler;
        }
        // The reader may have drained the queue before the writer registered its handler.
        maybeDrain();
        return this;
    }

    /** Tells the writer to go on once a full queue has drained to half, exactly once per fill. */
    private void maybeDrain() {
        Handler<Void> handler;
        synchronized (this) {
            if (!drainPending || drainHandler == null || queued >= maxBytes / 2) {
                return;
            }
            drainPending = false;
            handler = drainHandler;
        }
        context.runOnContext(v -> handler.handle(null));
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int n;
        synchronized (this) {
            while (chunks.isEmpty() && !ended && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading the upload", e);
                }
            }
            if (failure != null) {
                throw new IOException("the upload was interrupted: " + failure.getMessage(), failure);
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            Buffer head = chunks.peek();
            n = Math.min(length, head.length() - position);
            head.getBytes(position, position + n, target, offset);
            position += n;
            queued -= n;
            if (position == head.length()) {
                chunks.poll();
                position = 0;
            }
        }
        maybeDrain();
        return n;
    }
}
