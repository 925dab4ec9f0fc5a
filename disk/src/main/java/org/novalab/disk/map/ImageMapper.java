package org.novalab.disk.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.disk.MapEntry;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.layer.Extent;
import org.novalab.disk.layer.FileAllocation;
import org.novalab.disk.layer.Layer;
import org.novalab.disk.layer.RawLayer;

/**
 * Which file of a chain each guest range comes from, as {@code qemu-img map} reports it. A raw file is data
 * where its file system has data and zero where it has holes ({@link FileAllocation}), as QEMU asks it: zeros
 * written into a fully allocated raw file are data, so such a file is one extent.
 */
public final class ImageMapper {
    private final List<Layer> layers;
    private final Map<Layer, Optional<FileAllocation>> allocations = new HashMap<>();

    private ImageMapper(List<Layer> layers) {
        this.layers = layers;
    }

    public static List<MapEntry> map(ImageChain chain) {
        return extents(chain).stream().map(MapExtent::toEntry).toList();
    }

    public static List<MapExtent> extents(ImageChain chain) {
        ImageMapper mapper = new ImageMapper(chain.layers());
        try {
            return mapper.walk();
        } finally {
            mapper.allocations.values().forEach(a -> a.ifPresent(FileAllocation::close));
        }
    }

    private List<MapExtent> walk() {
        List<MapExtent> out = new ArrayList<>();
        long size = layers.get(0).size();
        long offset = 0;
        while (offset < size) {
            MapExtent e = status(0, offset, size - offset);
            if (!out.isEmpty() && out.get(out.size() - 1).continues(e)) {
                out.set(out.size() - 1, out.get(out.size() - 1).extendBy(e.length()));
            } else {
                out.add(e);
            }
            offset += e.length();
        }
        return out;
    }

    private MapExtent status(int depth, long offset, long max) {
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
                    yield status(depth + 1, offset, e.length());
                }
                yield new MapExtent(offset, e.length(), depth, false, true, false, -1, name, false);
            }
        };
    }

    private MapExtent rawStatus(RawLayer raw, int depth, long offset, long max) {
        Optional<FileAllocation> allocation = allocations.computeIfAbsent(raw, r -> FileAllocation.open(r.path()));
        FileAllocation.Run run = allocation.map(a -> a.runAt(offset, max, raw.size()))
                .orElse(new FileAllocation.Run(offset, max, true));
        return new MapExtent(offset, run.length(), depth, true, !run.data(), run.data(), offset,
                raw.path().toString(), false);
    }
}
