package org.novalab.disk.io;

import java.util.Arrays;

/** Whether a buffer range is all zeros, using the JDK's vectorised comparison (it runs over whole disks). */
public final class ZeroCheck {
    private static final byte[] ZEROS = new byte[64 * 1024];

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
}
