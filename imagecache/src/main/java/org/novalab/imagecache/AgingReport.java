package org.novalab.imagecache;

import java.nio.file.Path;
import java.util.List;

/**
 * What one pass of the image cache manager did with each file of {@code _base}.
 *
 * @param removed unused for at least the minimum age (and not locked): deleted
 * @param kept    unused but younger than the minimum age, or busy (its lock held by a fetch)
 * @param inUse   backing at least one instance disk: never removed
 */
public record AgingReport(List<Path> removed, List<Path> kept, List<Path> inUse) {
    public AgingReport {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
        inUse = List.copyOf(inUse);
    }

    public String summary() {
        return "removed " + removed.size() + ", kept " + kept.size() + ", in use " + inUse.size();
    }
}
