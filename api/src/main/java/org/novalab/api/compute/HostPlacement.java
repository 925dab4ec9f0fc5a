package org.novalab.api.compute;

/**
 * What a server group asks of the host a new member goes to: Nova's ServerGroup(Anti)AffinityFilter decides which
 * hosts pass, its soft (anti-)affinity weighers which of them come first.
 */
public interface HostPlacement {
    HostPlacement ANY = new HostPlacement() {
        @Override
        public boolean passes(String host) {
            return true;
        }

        @Override
        public int weight(String host) {
            return 0;
        }
    };

    boolean passes(String host);

    /** Higher comes first. */
    int weight(String host);
}
