package org.novalab.api.compute;

import java.util.function.Predicate;

/**
 * What a server group asks of the host a new member goes to: Nova's ServerGroup(Anti)AffinityFilter decides which
 * hosts pass, its soft (anti-)affinity weighers which of them come first.
 */
public interface HostPlacement {
    HostPlacement ANY = filter(host -> true);

    boolean passes(String host);

    /** Higher comes first. */
    int weight(String host);

    /** A filter only (Nova's AvailabilityZoneFilter is one): the hosts it lets through weigh the same. */
    static HostPlacement filter(Predicate<String> passes) {
        return new HostPlacement() {
            @Override
            public boolean passes(String host) {
                return passes.test(host);
            }

            @Override
            public int weight(String host) {
                return 0;
            }
        };
    }

    /** Both at once, as Nova runs every filter and adds the weighers up: a host must pass each. */
    default HostPlacement and(HostPlacement other) {
        HostPlacement self = this;
        return new HostPlacement() {
            @Override
            public boolean passes(String host) {
                return self.passes(host) && other.passes(host);
            }

            @Override
            public int weight(String host) {
                return self.weight(host) + other.weight(host);
            }
        };
    }
}
