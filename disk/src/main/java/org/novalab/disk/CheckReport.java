package org.novalab.disk;

import java.util.List;

/** The result of {@code qemu-img check}: errors (corruptions), leaked clusters and allocation statistics. */
public record CheckReport(String filename, String format, int corruptions, int leaks, List<String> messages,
                          long allocatedClusters, long totalClusters, long imageEndOffset) {
    public boolean clean() {
        return corruptions == 0 && leaks == 0;
    }
}
