package org.novalab.compute.backend;

import java.nio.ByteBuffer;
import org.novalab.disk.BlockDevice;
import org.novalab.storage.Image;

/**
 * A guest's view of an RBD volume, as QEMU's rbd driver gives it: librbd's image handle, whose reads of a clone
 * fall through to the Glance image's snapshot and whose writes stay in the clone.
 */
public final class RbdBlockDevice implements BlockDevice {
    private final Image image;

    public RbdBlockDevice(Image image) {
        this.image = image;
    }

    @Override
    public long size() {
        return image.size();
    }

    /** Past the volume's end the guest reads zeros, as from any block device. */
    @Override
    public void read(long offset, ByteBuffer dst) {
        if (offset < image.size()) {
            image.read(offset, dst);
        }
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        image.write(offset, src);
    }

    @Override
    public void flush() {
        image.flush();
    }

    @Override
    public void close() {
        image.close();
    }
}
