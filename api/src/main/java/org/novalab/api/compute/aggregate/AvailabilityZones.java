package org.novalab.api.compute.aggregate;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Where the availability zones come from (Nova's {@code availability_zones} module): the {@code availability_zone}
 * metadata of the aggregates a compute host is in. Read from the database on every call: Nova caches a host's zone
 * for an hour and may show a stale one; novalab shows the zone as it is.
 */
public final class AvailabilityZones {
    private final Database db;

    public AvailabilityZones(Database db) {
        this.db = db;
    }

    /** The zones of every compute host now. */
    public HostZones hosts() {
        return db.read(AvailabilityZones::hosts);
    }

    /**
     * The zones of the compute hosts for a server create that asks for {@code zone} (null: none), which must be the
     * zone of an enabled service, as Nova checks it (the internal zone is one, though no compute host is in it).
     */
    public HostZones forCreate(String zone) {
        return db.read(s -> {
            HostZones zones = hosts(s);
            if (zone != null && !available(s, zones).contains(zone)) {
                throw ApiException.badRequest("The requested availability zone is not available");
            }
            return zones;
        });
    }

    /** The zones of every compute host, read in {@code s} (a move sets its server's zone with its host). */
    public static HostZones hosts(Session s) {
        List<Object[]> rows = s.createSelectionQuery("select h, value(m) from AggregateEntity a join a.hosts h "
                + "join a.metadata m where key(m) = :key", Object[].class)
                .setParameter("key", AggregateEntity.ZONE_KEY).list();
        Map<String, SortedSet<String>> byHost = new TreeMap<>();
        for (Object[] r : rows) {
            byHost.computeIfAbsent((String) r[0], h -> new TreeSet<>()).add((String) r[1]);
        }
        return new HostZones(byHost);
    }

    /** The zones of the enabled services. */
    private static SortedSet<String> available(Session s, HostZones zones) {
        SortedSet<String> available = new TreeSet<>();
        s.createSelectionQuery("select v.binary, v.host from ServiceEntity v where v.disabled = false", Object[].class)
                .list().forEach(r -> available.add(zones.ofService((String) r[0], (String) r[1])));
        return available;
    }
}
