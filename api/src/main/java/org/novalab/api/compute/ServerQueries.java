package org.novalab.api.compute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;
import org.novalab.compute.state.VmState;

/** The read side of servers: one server as its caller may see it, and pages of them with Nova's filters. */
public final class ServerQueries {
    public static final int MAX_LIMIT = 1000;

    private final Database db;

    public ServerQueries(Database db) {
        this.db = db;
    }

    /** The server, when the caller's project owns it (or the caller is admin); Nova's 404 otherwise. */
    public InstanceEntity get(AuthContext caller, String uuid) {
        InstanceEntity instance = db.read(s -> byUuid(s, uuid));
        if (instance == null || !(caller.isAdmin() || instance.projectId().equals(caller.projectId()))) {
            throw ApiException.notFound("Instance " + uuid + " could not be found.");
        }
        return instance;
    }

    /** The fault that put the instance in ERROR, or null. */
    public FaultEntity fault(InstanceEntity instance) {
        if (instance.vmState() != VmState.ERROR) {
            return null;
        }
        return faults(List.of(instance.id())).get(instance.id());
    }

    public ServerPage list(AuthContext caller, ServerQuery q) {
        int limit = q.limit() == null ? MAX_LIMIT : Math.min(q.limit(), MAX_LIMIT);
        if (limit < 0) {
            throw ApiException.badRequest("limit must be >= 0");
        }
        Pattern nameFilter = namePattern(q.name());
        List<InstanceEntity> rows = db.read(s -> {
            InstanceEntity marker = null;
            if (q.marker() != null) {
                marker = byUuid(s, q.marker());
                if (marker == null) {
                    throw ApiException.badRequest("marker [" + q.marker() + "] not found");
                }
            }
            StringBuilder hql = new StringBuilder("from InstanceEntity i where 1 = 1");
            Map<String, Object> params = new HashMap<>();
            if (!(caller.isAdmin() && q.allTenants())) {
                hql.append(" and i.projectId = :project");
                params.put("project", caller.projectId());
            } else if (q.project() != null) {
                hql.append(" and i.projectId = :project");
                params.put("project", q.project());
            }
            if (q.changesSince() != null) {
                hql.append(" and i.updatedAt >= :since");
                params.put("since", q.changesSince());
            }
            if (q.changesBefore() != null) {
                hql.append(" and i.updatedAt <= :before");
                params.put("before", q.changesBefore());
            }
            if (q.status() != null) {
                VmState state = VmState.ofStatus(q.status());
                hql.append(" and i.vmState = :vm");
                params.put("vm", state == null ? "-" : state.id());
            }
            if (q.image() != null) {
                hql.append(" and i.imageId = :image");
                params.put("image", q.image());
            }
            if (q.flavor() != null) {
                hql.append(" and i.flavorId = :flavor");
                params.put("flavor", q.flavor());
            }
            if (q.reservationId() != null) {
                hql.append(" and i.reservationId = :reservation");
                params.put("reservation", q.reservationId());
            }
            if (q.host() != null) {
                hql.append(" and i.host = :host");
                params.put("host", q.host());
            }
            tagFilter(hql, params, q.tags(), "ta", " and ", "");
            tagFilter(hql, params, q.tagsAny(), "ty", " or ", "");
            tagFilter(hql, params, q.notTags(), "nt", " and ", "not ");
            tagFilter(hql, params, q.notTagsAny(), "ny", " or ", "not ");
            if (marker != null) {
                hql.append(" and (i.createdAt < :mc or (i.createdAt = :mc and i.id < :mid))");
                params.put("mc", marker.createdAt());
                params.put("mid", marker.id());
            }
            hql.append(" order by i.createdAt desc, i.id desc");
            var query = s.createSelectionQuery(hql.toString(), InstanceEntity.class);
            params.forEach(query::setParameter);
            if (nameFilter == null) {
                query.setMaxResults(limit + 1);
            }
            return query.list();
        });
        List<InstanceEntity> matching = nameFilter == null ? rows
                : rows.stream().filter(i -> nameFilter.matcher(i.name()).find()).toList();
        boolean more = matching.size() > limit;
        List<InstanceEntity> page = more ? matching.subList(0, limit) : matching;
        List<Long> failed = page.stream().filter(i -> i.vmState() == VmState.ERROR).map(InstanceEntity::id).toList();
        return new ServerPage(List.copyOf(page), faults(failed), more);
    }

    /** {@code and [not] (:t0 member of i.tags <join> :t1 member of i.tags ...)} for a tag filter's tags. */
    private static void tagFilter(StringBuilder hql, Map<String, Object> params, List<String> tags, String prefix,
            String join, String negation) {
        if (tags.isEmpty()) {
            return;
        }
        hql.append(" and ").append(negation).append("(");
        for (int n = 0; n < tags.size(); n++) {
            hql.append(n == 0 ? "" : join).append(":").append(prefix).append(n).append(" member of i.tags");
            params.put(prefix + n, tags.get(n));
        }
        hql.append(")");
    }

    /** Nova filters names by regular expression. */
    private static Pattern namePattern(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Pattern.compile(name);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("Invalid regular expression in the name filter: " + name);
        }
    }

    private Map<Long, FaultEntity> faults(List<Long> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        List<FaultEntity> rows = db.read(s -> s.createSelectionQuery(
                "from FaultEntity f where f.instanceId in :ids order by f.createdAt, f.id", FaultEntity.class)
                .setParameter("ids", instanceIds).list());
        Map<Long, FaultEntity> latest = new HashMap<>();
        rows.forEach(f -> latest.put(f.instanceId(), f));
        return latest;
    }

    private static InstanceEntity byUuid(Session s, String uuid) {
        try {
            return HibernateInstanceStore.byUuid(s, UUID.fromString(uuid));
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
