package org.novalab.disk.chain;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.DiskException;
import org.novalab.disk.layer.Extent;
import org.novalab.disk.layer.Layer;

/**
 * The guest's view of a chain: reads fall through unallocated ranges to the backing file (zeros past a shorter
 * backing file or at the bottom), writes go to the top layer with copy-on-write from the layers below.
 * Calls are serialised (one guest request at a time), like a single virtio queue.
 */
public final class ChainDevice implements BlockDevice {
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final ImageChain chain;
    private final List<Layer> layers;

    public ChainDevice(ImageChain chain) {
        this.chain = chain;
        this.layers = chain.layers();
    }

    public ImageChain chain() {
        return chain;
    }

    @Override
    public synchronized long size() {
        return layers.get(0).size();
    }

    @Override
    public synchronized void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        checkRange(offset, len);
        read(0, offset, dst);
        dst.position(dst.position() + len);
    }

    /** Reads guest bytes as layer {@code depth} and those below it see them. */
    public synchronized void read(int depth, long offset, byte[] buf, int off, int len) {
        read(depth, offset, ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Fills {@code dst}'s remaining bytes (its position is left alone) with guest bytes as layer {@code depth}
     * and those below it see them. A direct buffer is filled straight from plain files, without a heap copy.
     */
    public synchronized void read(int depth, long offset, ByteBuffer dst) {
        int pos = dst.position();
        int len = dst.remaining();
        if (depth >= layers.size()) {
            fillZeros(dst, pos, len);
            return;
        }
        Layer layer = layers.get(depth);
        while (len > 0) {
            if (offset >= layer.size()) {
                fillZeros(dst, pos, len);
                return;
            }
            Extent e = layer.extent(offset, Math.min(len, layer.size() - offset));
            int n = (int) e.length();
            switch (e.kind()) {
                case DATA, COMPRESSED -> layer.readData(offset, dst.slice(pos, n));
                case ZERO -> fillZeros(dst, pos, n);
                case UNALLOCATED -> read(depth + 1, offset, dst.slice(pos, n));
                default -> throw new IllegalStateException();
            }
            offset += n;
            pos += n;
            len -= n;
        }
    }

    private static void fillZeros(ByteBuffer b, int pos, int len) {
        if (b.hasArray()) {
            Arrays.fill(b.array(), b.arrayOffset() + pos, b.arrayOffset() + pos + len, (byte) 0);
            return;
        }
        while (len > 0) {
            int n = Math.min(len, ZEROS.length);
            b.put(pos, ZEROS, 0, n);
            pos += n;
            len -= n;
        }
    }

    /**
     * True when no file of the chain stores data for guest bytes [offset, offset+len): they read as zeros without
     * reading anything, so a convert can skip them. False when any layer (raw files always) has data there.
     */
    public synchronized boolean knownZero(long offset, long len) {
        return knownZero(0, offset, len);
    }

    private boolean knownZero(int depth, long offset, long len) {
        if (depth >= layers.size()) {
            return true;
        }
        Layer layer = layers.get(depth);
        long end = offset + len;
        while (offset < end) {
            if (offset >= layer.size()) {
                return true;
            }
            Extent e = layer.extent(offset, Math.min(end, layer.size()) - offset);
            switch (e.kind()) {
                case ZERO -> {
                }
                case UNALLOCATED -> {
                    if (!knownZero(depth + 1, offset, e.length())) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
            offset += e.length();
        }
        return true;
    }

    @Override
    public synchronized void write(long offset, ByteBuffer src) {
        int len = src.remaining();
        checkRange(offset, len);
        byte[] data;
        int off;
        if (src.hasArray()) {
            data = src.array();
            off = src.arrayOffset() + src.position();
        } else {
            data = new byte[len];
            src.duplicate().get(data);
            off = 0;
        }
        layers.get(0).write(offset, data, off, len, (o, b, bo, bl) -> read(1, o, b, bo, bl));
        src.position(src.position() + len);
    }

    private void checkRange(long offset, int len) {
        if (offset < 0 || offset > size() - len) {
            throw new DiskException("access of " + len + " bytes at offset " + offset + " is outside the disk ("
                    + size() + " bytes)");
        }
    }

    @Override
    public synchronized void flush() {
        layers.get(0).flush();
    }

    @Override
    public synchronized void close() {
        chain.close();
    }
}
