package org.novalab.lab;

import java.util.List;
import java.util.Optional;

/**
 * What a case's disk looks like inside: its backing chain, where each guest cluster lives, sector 0 as stored
 * versus as the guest read it, and for the write-back case the guest's marker sector.
 *
 * @param chain   the files from the disk down its backing chain, with format and encryption
 * @param marker  the marker sector as the guest reads it with the case's key (write-back cases only)
 */
public record DiskEvidence(String disk, List<String> chain, ClusterSources clusters, SectorView sector0Stored,
                           SectorView sector0Guest, Optional<SectorView> marker) {
    public DiskEvidence {
        chain = List.copyOf(chain);
        marker = marker == null ? Optional.empty() : marker;
    }

    public boolean hasBacking() {
        return chain.size() > 1;
    }
}
