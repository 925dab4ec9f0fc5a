package org.novalab.disk.convert;

import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.map.MapExtent;

/**
 * The pieces a convert's progress counts: each data range of the source cut into {@link ConvertProgress#PIECE}
 * pieces from its start. As the copy passes guest offsets, every piece that lies wholly behind is reported.
 */
final class ProgressPlan {
    private record Piece(long end, long length) {
    }

    private final List<Piece> pieces;
    private final long dataBytes;
    private final ConvertProgress listener;
    private int next;

    private ProgressPlan(List<Piece> pieces, long dataBytes, ConvertProgress listener) {
        this.pieces = pieces;
        this.dataBytes = dataBytes;
        this.listener = listener;
    }

    static ProgressPlan of(List<MapExtent> extents, ConvertProgress listener) {
        List<Piece> pieces = new ArrayList<>();
        long data = 0;
        for (MapExtent e : extents) {
            if (!e.data()) {
                continue;
            }
            for (long at = e.start(); at < e.start() + e.length(); at += ConvertProgress.PIECE) {
                long length = Math.min(ConvertProgress.PIECE, e.start() + e.length() - at);
                pieces.add(new Piece(at + length, length));
                data += length;
            }
        }
        return new ProgressPlan(pieces, data, listener);
    }

    /** The copy has written everything below {@code guestOffset}. */
    void copiedUpTo(long guestOffset) {
        while (next < pieces.size() && pieces.get(next).end() <= guestOffset) {
            listener.advanced((float) (100.0 * pieces.get(next).length() / dataBytes));
            next++;
        }
    }
}
