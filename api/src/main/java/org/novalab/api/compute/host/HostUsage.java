package org.novalab.api.compute.host;

import java.util.List;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.persistence.Database;

/**
 * What the instances placed on a host take of it, counted as Nova's resource tracker counts: their vcpus, their
 * memory plus the host's reserved 512 MB ({@code reserved_host_memory_mb}), their local disks (root unless it is a
 * volume, ephemeral, swap), how many there are and how many are being built or changed.
 */
final class HostUsage {
    /** Nova's {@code reserved_host_memory_mb}. */
    static final int RESERVED_HOST_MEMORY_MB = 512;

    record Used(long vcpus, long memoryMb, long localGb, int runningVms, int currentWorkload) {
    }

    record Server(String name, String uuid) {
    }

    /** What one instance was given: its flavor's vcpus, memory and disks (root and ephemeral), for its project. */
    record Share(String projectId, int vcpus, int memoryMb, int diskGb) {
    }

    private final Database db;

    HostUsage(Database db) {
        this.db = db;
    }

    Used on(String host) {
        return db.read(s -> on(s, host));
    }

    /** What the instances {@code s} sees on {@code host} take (its own unflushed ones included). */
    static Used on(org.hibernate.Session s, String host) {
        List<Object[]> rows = s.createSelectionQuery("select i.vcpus, i.memoryMb, i.backend, coalesce(i.rootGb, 0), "
                + "coalesce(i.ephemeralGb, 0), coalesce(i.swapMb, 0), i.taskState, i.vmState from InstanceEntity i "
                + "where i.host = :host", Object[].class).setParameter("host", host).list();
        long vcpus = 0;
        long memory = RESERVED_HOST_MEMORY_MB;
        long disk = 0;
        int workload = 0;
        for (Object[] r : rows) {
            vcpus += ((Number) r[0]).longValue();
            memory += ((Number) r[1]).longValue();
            long root = "RBD".equals(r[2]) ? 0 : ((Number) r[3]).longValue();
            disk += root + ((Number) r[4]).longValue() + ((Number) r[5]).longValue() / 1024;
            if (r[6] != null || "building".equals(r[7])) {
                workload++;
            }
        }
        return new Used(vcpus, memory, disk, rows.size(), workload);
    }

    /** The instances on the host, in creation order, each with what its flavor gave it. */
    List<Share> shares(String host) {
        return db.read(s -> s.createSelectionQuery("select i.projectId, i.vcpus, i.memoryMb, coalesce(i.rootGb, 0) "
                + "+ coalesce(i.ephemeralGb, 0) from InstanceEntity i where i.host = :host order by i.id", Object[].class)
                .setParameter("host", host).list()).stream()
                .map(r -> new Share((String) r[0], ((Number) r[1]).intValue(), ((Number) r[2]).intValue(),
                        ((Number) r[3]).intValue())).toList();
    }

    List<Server> servers(String host) {
        return db.read(s -> s.createSelectionQuery("from InstanceEntity i where i.host = :host order by i.id",
                InstanceEntity.class).setParameter("host", host).list()).stream()
                .map(i -> new Server(i.name(), i.uuid())).toList();
    }
}
