package org.novalab.disk.map;

import org.novalab.disk.MapEntry;

/** One line of {@code qemu-img map}; {@code present} is false where no file of the chain has the range. */
public record MapExtent(long start, long length, int depth, boolean present, boolean zero, boolean data, long offset,
                        String filename, boolean encrypted) {
    public MapEntry toEntry() {
        return new MapEntry(start, length, depth, zero, data, offset, filename, encrypted);
    }

    boolean continues(MapExtent next) {
        return start + length == next.start && depth == next.depth && present == next.present && zero == next.zero
                && data == next.data && filename.equals(next.filename)
                && ((offset < 0 && next.offset < 0) || (offset >= 0 && offset + length == next.offset));
    }

    MapExtent extendBy(long bytes) {
        return new MapExtent(start, length + bytes, depth, present, zero, data, offset, filename, encrypted);
    }
}
