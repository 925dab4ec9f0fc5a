package org.novalab.api.compute.quota;

import java.util.EnumMap;
import java.util.Map;
import org.hibernate.Session;
import org.novalab.compute.state.VmState;

/**
 * Counts what a project (or one user in it) holds: instances (but soft-deleted ones) with their cores and ram,
 * server groups.
 */
final class QuotaUsage {
    Map<QuotaResource, Long> instances(Session s, String projectId, String userId) {
        var query = s.createSelectionQuery("select count(i), coalesce(sum(i.vcpus), 0), coalesce(sum(i.memoryMb), 0) "
                        // as Nova counts: a soft-deleted server holds no quota (a restore checks it again)
                        + "from InstanceEntity i where i.projectId = :p and i.vmState <> :soft"
                        + (userId == null ? "" : " and i.userId = :u"),
                Object[].class).setParameter("p", projectId).setParameter("soft", VmState.SOFT_DELETED.id());
        if (userId != null) {
            query.setParameter("u", userId);
        }
        Object[] row = query.getSingleResult();
        Map<QuotaResource, Long> used = new EnumMap<>(QuotaResource.class);
        used.put(QuotaResource.INSTANCES, ((Number) row[0]).longValue());
        used.put(QuotaResource.CORES, ((Number) row[1]).longValue());
        used.put(QuotaResource.RAM, ((Number) row[2]).longValue());
        return used;
    }

    long serverGroups(Session s, String projectId, String userId) {
        var query = s.createSelectionQuery("select count(g) from ServerGroupEntity g where g.projectId = :p"
                + (userId == null ? "" : " and g.userId = :u"), Long.class).setParameter("p", projectId);
        if (userId != null) {
            query.setParameter("u", userId);
        }
        return query.getSingleResult();
    }
}
