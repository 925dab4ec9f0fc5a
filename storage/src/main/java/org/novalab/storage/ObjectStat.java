package org.novalab.storage;

import java.time.Instant;

/** What {@code rados stat} tells about one object. */
public record ObjectStat(String pool, String object, long size, Instant mtime) {
    /** {@code images/rbd_data.10807612e851.0000000000000004 mtime 1480335472, size 7571968}, as in the seed. */
    public String radosLine() {
        return pool + "/" + object + " mtime " + mtime.getEpochSecond() + ", size " + size;
    }
}
