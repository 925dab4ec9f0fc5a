package org.novalab.api.compute.aggregate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.hibernate.Session;
import org.novalab.api.compute.aggregate.ZoneRules.Action;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Constraints;
import org.novalab.api.persistence.Database;

/**
 * Nova's AggregateAPI: host aggregates by id, their names unique, their hosts compute hosts novalab knows, and every
 * change that would move a zone checked against {@link ZoneRules} in the same transaction that makes it.
 */
public final class AggregateService {
    private final Database db;
    private final Clock clock;
    private final Predicate<String> isComputeHost;

    /** @param isComputeHost whether a nova-compute service runs on the host (Nova's host mapping) */
    public AggregateService(Database db, Clock clock, Predicate<String> isComputeHost) {
        this.db = db;
        this.clock = clock;
        this.isComputeHost = isComputeHost;
    }

    public List<AggregateEntity> list() {
        return db.read(s -> s.createSelectionQuery("from AggregateEntity a order by a.id", AggregateEntity.class)
                .list());
    }

    public AggregateEntity get(long id) {
        return db.read(s -> find(s, id));
    }

    /** A new aggregate, in {@code zone} when one is given. */
    public AggregateEntity create(String name, String zone) {
        try {
            return db.write(s -> {
                requireUniqueName(s, name, null);
                AggregateEntity created = new AggregateEntity(UUID.randomUUID().toString(), name,
                        zone == null || zone.isEmpty() ? Map.of() : Map.of(AggregateEntity.ZONE_KEY, zone),
                        clock.instant());
                s.persist(created);
                return created;
            });
        } catch (RuntimeException e) {
            throw nameTaken(e, name);
        }
    }

    /**
     * Renames the aggregate and/or moves it to another zone ({@code zoneGiven}: the request named a zone, which may
     * be null, and Nova refuses that).
     */
    public AggregateEntity update(long id, String name, boolean zoneGiven, String zone) {
        try {
            return db.write(s -> {
                AggregateEntity aggregate = find(s, id);
                if (name != null) {
                    requireUniqueName(s, name, aggregate.id());
                }
                Map<String, String> zoneChange = new LinkedHashMap<>();
                if (zoneGiven) {
                    zoneChange.put(AggregateEntity.ZONE_KEY, zone);
                }
                ZoneRules.checkZone(s, aggregate, zoneChange, aggregate.hosts(), Action.UPDATE, true);
                if (name != null) {
                    aggregate.rename(name, clock.instant());
                }
                aggregate.updateMetadata(zoneChange, clock.instant());
                return aggregate;
            });
        } catch (RuntimeException e) {
            throw nameTaken(e, name);
        }
    }

    /** Deletes an aggregate that has no hosts (Nova refuses to delete one that still has). */
    public void delete(long id) {
        db.run(s -> {
            AggregateEntity aggregate = find(s, id);
            if (!aggregate.hosts().isEmpty()) {
                throw Action.DELETE.refusal(aggregate, "Host aggregate is not empty");
            }
            s.remove(aggregate);
        });
    }

    public AggregateEntity addHost(long id, String host) {
        requireComputeHost(host);
        return db.write(s -> {
            AggregateEntity aggregate = find(s, id);
            ZoneRules.checkZone(s, aggregate, aggregate.metadata(), List.of(host), Action.ADD_HOST, false);
            ZoneRules.checkJoin(s, aggregate, host);
            if (aggregate.hosts().contains(host)) {
                throw ApiException.conflict("Aggregate " + id + " already has host " + host + ".");
            }
            aggregate.addHost(host);
            return aggregate;
        });
    }

    public AggregateEntity removeHost(long id, String host) {
        // Nova answers every "not there" alike here: the host, the aggregate, the host in the aggregate
        ApiException notThere = ApiException.notFound("Cannot remove host " + host + " in aggregate " + id);
        if (!isComputeHost.test(host)) {
            throw notThere;
        }
        return db.write(s -> {
            AggregateEntity aggregate = s.find(AggregateEntity.class, id);
            if (aggregate == null) {
                throw notThere;
            }
            ZoneRules.checkLeave(s, aggregate, host);
            if (!aggregate.hosts().contains(host)) {
                throw notThere;
            }
            aggregate.removeHost(host);
            return aggregate;
        });
    }

    /** Nova's {@code set_metadata}: sets the keys given, removes those given as null, keeps the others. */
    public AggregateEntity setMetadata(long id, Map<String, String> changes) {
        return db.write(s -> {
            AggregateEntity aggregate = find(s, id);
            ZoneRules.checkZone(s, aggregate, changes, aggregate.hosts(), Action.UPDATE_METADATA, true);
            aggregate.updateMetadata(changes, clock.instant());
            return aggregate;
        });
    }

    private void requireComputeHost(String host) {
        if (!isComputeHost.test(host)) {
            throw ApiException.notFound("Compute host " + host + " could not be found.");
        }
    }

    private static AggregateEntity find(Session s, long id) {
        AggregateEntity aggregate = s.find(AggregateEntity.class, id);
        if (aggregate == null) {
            throw ApiException.notFound("Aggregate " + id + " could not be found.");
        }
        return aggregate;
    }

    private static void requireUniqueName(Session s, String name, Long except) {
        long taken = s.createSelectionQuery("select count(a) from AggregateEntity a where a.name = :name "
                        + "and a.id <> :id", Long.class).setParameter("name", name)
                .setParameter("id", except == null ? -1L : except).uniqueResult();
        if (taken > 0) {
            throw aggregateExists(name);
        }
    }

    /** A name another writer took between the check and the insert is the same 409. */
    private static RuntimeException nameTaken(RuntimeException e, String name) {
        return name != null && !(e instanceof ApiException) && Constraints.violated(e) ? aggregateExists(name) : e;
    }

    private static ApiException aggregateExists(String name) {
        return ApiException.conflict("Aggregate " + name + " already exists.");
    }
}
