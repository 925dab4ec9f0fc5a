package org.novalab.disk.layer;

import java.util.Arrays;

/** Reads guest bytes, e.g. what lies below the top layer, for copy-on-write of partial clusters. */
@FunctionalInterface
public interface GuestReader {
    GuestReader ZEROS = (offset, buf, off, len) -> Arrays.fill(buf, off, off + len, (byte) 0);

    void read(long offset, byte[] buf, int off, int len);
}
