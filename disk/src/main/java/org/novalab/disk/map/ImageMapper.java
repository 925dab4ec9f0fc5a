package org.novalab.disk.map;

import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.MapEntry;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.layer.Extent;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.io.ZeroCheck;
import org.novalab.disk.layer.RawLayer;

/**
 * Which file of a chain each guest range comes from, as {@code qemu-img map} reports it. Raw files report
 * all-zero 4 KiB blocks as zero (QEMU asks the file system for holes; reading zeros is the portable equivalent).
 */
public final class ImageMapper {
    private static final int RAW_BLOCK = 4096;
    private static final int RAW_WINDOW = 1 << 20;

    private ImageMapper() {
    }

    public static List<MapEntry> map(ImageChain chain) {
        return extents(chain).stream().map(MapExtent::toEntry).toList();
    }

    public static List<MapExtent> extents(ImageChain chain) {
        List<MapExtent> out = new ArrayList<>();
        List<Layer> layers = chain.layers();
        long size = layers.get(0).size();
        long offset = 0;
        while (offset < size) {
            MapExtent e = status(layers, 0, offset, size - offset);
            if (!out.isEmpty() && out.get(out.size() - 1).continues(e)) {
                out.set(out.size() - 1, out.get(out.size() - 1).extendBy(e.length()));
            } else {
                out.add(e);
            }
            offset += e.length();
        }
        return out;
    }

    private static MapExtent status(List<Layer> layers, int depth, long offset, long max) {
        Layer layer = layers.get(depth);
        String name = layer.path().toString();
        if (offset >= layer.size()) {
            // past the end of a shorter backing file: unallocated above it, reads as zeros (qemu: depth above)
            Layer above = layers.get(Math.max(0, depth - 1));
            return new MapExtent(offset, max, Math.max(0, depth - 1), false, true, false, -1,
                    above.path().toString(), false);
        }
        max = Math.min(max, layer.size() - offset);
        if (layer instanceof RawLayer raw) {
            return rawStatus(raw, depth, offset, max);
        }
        Extent e = layer.extent(offset, max);
        boolean enc = layer.encrypted();
        return switch (e.kind()) {
            case DATA -> new MapExtent(offset, e.length(), depth, true, false, true,
                    enc ? -1 : e.hostOffset(), name, enc);
            case ZERO -> new MapExtent(offset, e.length(), depth, true, true, false, -1, name, enc);
            case COMPRESSED -> new MapExtent(offset, e.length(), depth, true, false, true, -1, name, enc);
            case UNALLOCATED -> {
                if (depth + 1 < layers.size()) {
                    yield status(layers, depth + 1, offset, e.length());
                }
                yield new MapExtent(offset, e.length(), depth, false, true, false, -1, name, false);
            }
        };
    }

    private static MapExtent rawStatus(RawLayer raw, int depth, long offset, long max) {
        long fileSize = raw.size();
        int window = (int) Math.min(max, Math.min(RAW_WINDOW, fileSize - offset));
        byte[] buf = new byte[window];
        raw.readData(offset, buf, 0, window);
        // the first 4 KiB block decides; the extent runs while following blocks agree
        int first = (int) Math.min(window, RAW_BLOCK - offset % RAW_BLOCK);
        boolean zero = ZeroCheck.isZero(buf, 0, first);
        int n = first;
        while (n < window) {
            int len = Math.min(RAW_BLOCK, window - n);
            if (ZeroCheck.isZero(buf, n, len) != zero) {
                break;
            }
            n += len;
        }
        return new MapExtent(offset, n, depth, true, zero, !zero, offset, raw.path().toString(), false);
    }
}
