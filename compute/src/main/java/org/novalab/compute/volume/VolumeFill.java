package org.novalab.compute.volume;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.io.ZeroCheck;

/**
 * Copies a disk's guest bytes into a volume, as Cinder's copy_image_to_volume does for a volume from an image: the
 * source is plaintext (an image as Glance stores it, or an encrypted image already opened with its key), the volume's
 * device encrypts what it is given. Runs of zeros are not written, so an unencrypted volume stays sparse.
 */
public final class VolumeFill {
    static final int CHUNK = 1 << 20;

    private VolumeFill() {
    }

    /** Reads {@code source} to its end into {@code volume} from offset 0; returns the bytes read. */
    public static long copy(InputStream source, BlockDevice volume, boolean writeZeros) {
        byte[] buf = new byte[CHUNK];
        long offset = 0;
        try {
            while (true) {
                int filled = source.readNBytes(buf, 0, buf.length);
                if (filled == 0) {
                    break;
                }
                if (offset + filled > volume.size()) {
                    throw new VolumeBackendException("the image (" + (offset + filled) + "+ bytes) does not fit the "
                            + "volume (" + volume.size() + " bytes)");
                }
                if (writeZeros || !ZeroCheck.isZero(buf, 0, filled)) {
                    volume.write(offset, ByteBuffer.wrap(buf, 0, filled));
                }
                offset += filled;
                if (filled < buf.length) {
                    break;
                }
            }
            volume.flush();
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the image", e);
        }
    }

    /** Copies the first {@code length} bytes of {@code source}'s guest view into {@code volume}. */
    public static long copy(BlockDevice source, long length, BlockDevice volume, boolean writeZeros) {
        if (length > volume.size()) {
            throw new VolumeBackendException("the image (" + length + " bytes) does not fit the volume ("
                    + volume.size() + " bytes)");
        }
        byte[] buf = new byte[CHUNK];
        for (long offset = 0; offset < length; offset += CHUNK) {
            int n = (int) Math.min(CHUNK, length - offset);
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            source.read(offset, b);
            if (writeZeros || !ZeroCheck.isZero(buf, 0, n)) {
                volume.write(offset, ByteBuffer.wrap(buf, 0, n));
            }
        }
        volume.flush();
        return length;
    }
}
