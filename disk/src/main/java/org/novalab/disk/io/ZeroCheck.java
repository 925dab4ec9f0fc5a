package org.novalab.disk.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Whether a buffer range is all zeros, using the JDK's vectorised comparison (it runs over whole disks). */
public final class ZeroCheck {
    private static final byte[] ZEROS = new byte[64 * 1024];
    private static final ByteBuffer ZERO_BUFFER = ByteBuffer.wrap(ZEROS).asReadOnlyBuffer();

    private ZeroCheck() {
    }

    public static boolean isZero(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, ZEROS.length);
            if (Arrays.mismatch(buf, off, off + n, ZEROS, 0, n) != -1) {
                return false;
            }
            off += n;
            len -= n;
        }
        return true;
    }

    /** The same for bytes [off, off+len) of a buffer, heap or direct, in place (no copy out of it). */
    public static boolean isZero(ByteBuffer buf, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, ZEROS.length);
            if (buf.slice(off, n).mismatch(ZERO_BUFFER.slice(0, n)) != -1) {
                return false;
            }
            off += n;
            len -= n;
        }
        return true;
    }
}
