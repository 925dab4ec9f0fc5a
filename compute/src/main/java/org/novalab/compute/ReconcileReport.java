package org.novalab.compute;

import java.util.List;
import java.util.UUID;

/**
 * What {@link ComputeDriver#reconcile} found and did. Nothing is deleted: instances are redefined/restarted from
 * their instance directory ({@code fixed}), or reported ({@code flagged}: the database knows it but it could not be restored;
 * {@code orphans}: a novalab domain or directory the database does not know).
 */
public record ReconcileReport(List<Entry> fixed, List<Entry> flagged, List<Entry> orphans, List<Entry> consistent) {
    public record Entry(UUID uuid, String domainName, String detail) {
    }

    public boolean clean() {
        return flagged.isEmpty() && orphans.isEmpty();
    }
}
