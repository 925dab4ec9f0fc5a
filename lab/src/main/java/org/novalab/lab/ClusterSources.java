package org.novalab.lab;

import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.MapEntry;

/**
 * Where each guest cluster of a disk comes from, summarised from {@code qemu-img map} extents: allocated in the
 * disk file itself (the overlay), read through from a backing file, or zero (unallocated everywhere).
 * {@code segments} run-length encode the clusters in guest order, for pictures.
 */
public record ClusterSources(long virtualSize, int clusterSize, long inTop, long inTopEncrypted, long fromBacking,
                         long fromBackingEncrypted, long zero, List<Segment> segments) {
    /** Where a cluster's bytes come from. */
    public enum Source { TOP, BACKING, ZERO }

    /** {@code clusters} consecutive guest clusters from {@code firstCluster} with the same source. */
    public record Segment(Source source, boolean encrypted, long firstCluster, long clusters) {
    }

    public ClusterSources {
        segments = List.copyOf(segments);
    }

    public long totalClusters() {
        return inTop + fromBacking + zero;
    }

    /**
     * Classifies every guest cluster; a cluster touched by several extents takes the strongest source
     * (top over backing over zero), as a guest read of that cluster touches the top file.
     */
    public static ClusterSources of(List<MapEntry> extents, long virtualSize, int clusterSize) {
        if (clusterSize <= 0) {
            throw new IllegalArgumentException("cluster size must be positive");
        }
        int clusters = (int) ((virtualSize + clusterSize - 1) / clusterSize);
        byte[] source = new byte[clusters];       // 0 zero, 1 backing, 2 top
        boolean[] encrypted = new boolean[clusters];
        for (MapEntry e : extents) {
            if (e.length() <= 0 || !e.data() || e.zero()) {
                continue;
            }
            byte kind = (byte) (e.depth() == 0 ? 2 : 1);
            long first = e.start() / clusterSize;
            long last = Math.min(clusters - 1, (e.start() + e.length() - 1) / clusterSize);
            for (long c = first; c <= last; c++) {
                if (kind >= source[(int) c]) {
                    source[(int) c] = kind;
                    encrypted[(int) c] = e.encrypted();
                }
            }
        }
        long top = 0;
        long topEnc = 0;
        long backing = 0;
        long backingEnc = 0;
        long zero = 0;
        List<Segment> segments = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            switch (source[c]) {
                case 2 -> {
                    top++;
                    topEnc += encrypted[c] ? 1 : 0;
                }
                case 1 -> {
                    backing++;
                    backingEnc += encrypted[c] ? 1 : 0;
                }
                default -> zero++;
            }
            Source s = source[c] == 2 ? Source.TOP : source[c] == 1 ? Source.BACKING : Source.ZERO;
            if (!segments.isEmpty()) {
                Segment last = segments.get(segments.size() - 1);
                if (last.source() == s && last.encrypted() == encrypted[c]) {
                    segments.set(segments.size() - 1, new Segment(s, last.encrypted(), last.firstCluster(),
                            last.clusters() + 1));
                    continue;
                }
            }
            segments.add(new Segment(s, encrypted[c], c, 1));
        }
        return new ClusterSources(virtualSize, clusterSize, top, topEnc, backing, backingEnc, zero, segments);
    }

    /** One line for the report: "1 of 16384 clusters in the overlay (1 encrypted), 315 from the backing file ...". */
    public String summary(boolean hasBacking) {
        String here = hasBacking ? "in the overlay" : "in the file";
        return String.format("%d of %d clusters %s%s, %d from the backing file%s, %d zero", inTop, totalClusters(), here,
                encryptedNote(inTop, inTopEncrypted), fromBacking, encryptedNote(fromBacking, fromBackingEncrypted), zero);
    }

    private static String encryptedNote(long clusters, long encrypted) {
        if (clusters == 0) {
            return "";
        }
        return encrypted == clusters ? " (encrypted)" : encrypted == 0 ? " (plaintext)" : " (" + encrypted + " encrypted)";
    }
}
