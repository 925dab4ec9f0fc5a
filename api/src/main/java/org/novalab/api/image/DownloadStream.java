package org.novalab.api.image;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes an image's data to a download response from a worker thread. The data is read straight into a few large
 * direct buffers that are sent as they are and reused once the socket took them: no heap copy, no allocation per
 * chunk (the pool's stream is a channel, so the object files are read into the buffers directly). The ring is the
 * back-pressure too: at most {@link #BUFFERS} chunks are queued for a slow client.
 */
final class DownloadStream {
    private static final int CHUNK = 1 << 20;
    private static final int BUFFERS = 4;
    /** How long the client may leave the queued chunks unread before the download is abandoned. */
    private static final long STALL_SECONDS = 60;

    private final ReadableByteChannel in;
    private final HttpServerResponse response;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);

    DownloadStream(InputStream in, HttpServerResponse response) {
        this.in = in instanceof ReadableByteChannel ch ? ch : Channels.newChannel(in);
        this.response = response;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocateDirect(CHUNK));
        }
    }

    /** Sends everything up to the end of the stream, then ends the response; {@code sent} learns the bytes first. */
    void run(java.util.function.LongConsumer sent) throws IOException {
        long total = 0;
        while (true) {
            ByteBuffer buffer = nextFree();
            if (response.closed()) {
                throw new IOException("the client went away during the download");
            }
            buffer.clear();
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // fill the whole chunk: fewer, larger writes
            }
            buffer.flip();
            if (!buffer.hasRemaining()) {
                break;
            }
            // Netty must not release the JDK's buffer (the garbage collector owns it), hence unreleasable.
            total += buffer.remaining();
            ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(buffer));
            response.write(BufferInternal.buffer(chunk)).onComplete(done -> free.add(buffer));
        }
        sent.accept(total);
        response.end();
    }

    private ByteBuffer nextFree() throws IOException {
        try {
            ByteBuffer buffer = free.poll(STALL_SECONDS, TimeUnit.SECONDS);
            if (buffer == null) {
                throw new IOException("the client stopped reading the image");
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending the image");
        }
    }
}
