package org.novalab.disk.convert;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.chain.ChainDevice;
import org.novalab.disk.io.ZeroCheck;
import org.novalab.disk.layer.GuestReader;
import org.novalab.disk.layer.Layer;

/**
 * Copies every guest byte of a chain into a target layer in fixed-size chunks: a reader thread fills (and
 * decrypts) the next chunk while this thread writes (and encrypts) the current one, so reading, writing and the
 * ciphers overlap on two cores. Memory stays at two chunk buffers whatever the disk size. All-zero clusters, and
 * ranges no layer stores, are skipped so the target stays sparse.
 */
final class StreamCopy {
    private static final int CHUNK = 4 << 20;

    private record Chunk(long pos, int length, ByteBuffer buf, boolean knownZero) {
    }

    private final ChainDevice in;
    private final Layer out;
    private final int granule;
    private final int chunk;
    private final boolean sparse;
    private final boolean direct;
    private final ProgressPlan progress;

    StreamCopy(ChainDevice in, Layer out, int clusterSize, ProgressPlan progress) {
        this.progress = progress;
        this.in = in;
        this.out = out;
        this.granule = out.format() == ImageFormat.QCOW2 ? clusterSize : 4096;
        this.chunk = Math.max(CHUNK / granule, 1) * granule;
        // a LUKS payload has no "unallocated": unwritten sectors would decrypt to garbage, so write them all
        this.sparse = out.format() != ImageFormat.LUKS;
        // Plain files are read into and written from native memory as is; a heap array would cost a copy each
        // way (the JDK moves heap bytes through a native buffer). Ciphers work on arrays, so they keep the heap.
        this.direct = !out.encrypted() && in.chain().layers().stream().noneMatch(Layer::encrypted);
    }

    private ByteBuffer newBuffer() {
        return direct ? ByteBuffer.allocateDirect(chunk) : ByteBuffer.allocate(chunk);
    }

    void run() {
        long size = in.size();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "convert-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            ByteBuffer[] buffers = {newBuffer(), newBuffer()};
            Future<Chunk> pending = size > 0 ? reader.submit(() -> read(0, buffers[0])) : null;
            int turn = 0;
            for (long pos = 0; pos < size; pos += chunk) {
                Chunk current = await(pending);
                long nextPos = pos + chunk;
                turn ^= 1;
                ByteBuffer nextBuffer = buffers[turn];
                pending = nextPos < size ? reader.submit(() -> read(nextPos, nextBuffer)) : null;
                write(current);
                progress.copiedUpTo(current.pos() + current.length());
            }
        } finally {
            reader.shutdownNow();
        }
    }

    private Chunk read(long pos, ByteBuffer buf) {
        int n = (int) Math.min(chunk, in.size() - pos);
        if (sparse && in.knownZero(pos, n)) {
            return new Chunk(pos, n, buf, true);
        }
        in.read(0, pos, buf.slice(0, n));
        return new Chunk(pos, n, buf, false);
    }

    private void write(Chunk c) {
        if (c.knownZero()) {
            return;
        }
        ByteBuffer buf = c.buf();
        int n = c.length();
        int i = 0;
        while (i < n) {
            if (sparse && ZeroCheck.isZero(buf, i, Math.min(granule, n - i))) {
                i += Math.min(granule, n - i);
                continue;
            }
            int start = i;
            while (i < n && !(sparse && ZeroCheck.isZero(buf, i, Math.min(granule, n - i)))) {
                i += Math.min(granule, n - i);
            }
            out.write(c.pos() + start, buf.slice(start, i - start), GuestReader.ZEROS);
        }
    }

    private static Chunk await(Future<Chunk> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiskException("convert interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new DiskException("convert failed: " + e.getCause(), e.getCause());
        }
    }
}
