package org.novalab.api.compute.host;

import java.util.List;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.host.HostFit.Need;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.compute.resize.ResizeEntity;
import org.novalab.api.persistence.Database;

/**
 * What the instances placed on a host take of it, counted as Nova's resource tracker counts: their vcpus, their
 * memory plus the host's reserved 512 MB ({@code reserved_host_memory_mb}), their local disks (root unless it is a
 * volume, ephemeral, swap), how many there are and how many are being built or changed.
 */
public final class HostUsage {
    /** Nova's {@code reserved_host_memory_mb}. */
    public static final int RESERVED_HOST_MEMORY_MB = 512;

    /**
     * What one instance takes of its host, as Nova's allocation for it in placement: its flavor's vCPUs and memory,
     * and its local disks in GiB (root unless it is a volume, ephemeral, swap rounded down).
     */
    public record Allocation(String instance, String host, String projectId, String userId, long vcpus,
            long memoryMb, long diskGb) {
    }

    public record Used(long vcpus, long memoryMb, long localGb, int runningVms, int currentWorkload) {
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

    private static final String ALLOCATION = "select i.uuid, i.host, i.projectId, i.userId, i.vcpus, i.memoryMb, "
            + "i.backend, coalesce(i.rootGb, 0), coalesce(i.ephemeralGb, 0), coalesce(i.swapMb, 0) "
            + "from InstanceEntity i where i.host is not null";

    /** The allocations of the instances on {@code host}, in creation order. */
    public static List<Allocation> allocations(org.hibernate.Session s, String host) {
        return allocations(s.createSelectionQuery(ALLOCATION + " and i.host = :h order by i.id", Object[].class)
                .setParameter("h", host).list());
    }

    /** The allocation of one instance; empty when it has no host (never placed, or shelved off its host). */
    public static java.util.Optional<Allocation> allocation(org.hibernate.Session s, String instance) {
        return allocations(s.createSelectionQuery(ALLOCATION + " and i.uuid = :u", Object[].class)
                .setParameter("u", instance).list()).stream().findFirst();
    }

    /** The allocations of the instances of a project (of one of its users too, when {@code userId} is given). */
    public static List<Allocation> allocationsOf(org.hibernate.Session s, String projectId, String userId) {
        String byUser = userId == null ? "" : " and i.userId = :u";
        var q = s.createSelectionQuery(ALLOCATION + " and i.projectId = :p" + byUser + " order by i.id", Object[].class)
                .setParameter("p", projectId);
        if (userId != null) {
            q.setParameter("u", userId);
        }
        return allocations(q.list());
    }

    private static List<Allocation> allocations(List<Object[]> rows) {
        return rows.stream().map(r -> new Allocation((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).longValue(), ((Number) r[5]).longValue(),
                localGb((String) r[6], (Number) r[7], (Number) r[8], (Number) r[9]))).toList();
    }

    /** An instance's local disks in GiB: its root unless that is an Rbd volume, its ephemeral, its swap. */
    private static long localGb(String backend, Number rootGb, Number ephemeralGb, Number swapMb) {
        long root = "RBD".equals(backend) ? 0 : rootGb.longValue();
        return root + ephemeralGb.longValue() + swapMb.longValue() / 1024;
    }

    Used on(String host) {
        return db.read(s -> on(s, host));
    }

    /** What the instances {@code s} sees on {@code host} take (its own unflushed ones included). */
    public static Used on(org.hibernate.Session s, String host) {
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
            disk += localGb((String) r[2], (Number) r[3], (Number) r[4], (Number) r[5]);
            if (r[6] != null || "building".equals(r[7])) {
                workload++;
            }
        }
        Need moving = moving(s, host);
        return new Used(vcpus + moving.vcpus(), memory + moving.memoryMb(), disk + moving.diskGb(), rows.size(),
                workload);
    }

    /**
     * What {@link #on} counts of vCPUs, memory (the reserved memory included) and local disk, for every host at
     * once: one grouped read of the instances and one of the moves under way, whatever the number of hosts (the
     * scheduler's choice reads this once, not once per host). A host absent from the map runs nothing and holds
     * nothing of a move: it takes only the reserved memory.
     */
    public static java.util.Map<String, Need> onEveryHost(org.hibernate.Session s) {
        java.util.Map<String, Need> used = new java.util.HashMap<>();
        s.createSelectionQuery("select i.host, sum(i.vcpus), sum(i.memoryMb), sum(case when i.backend = 'RBD' then 0 "
                + "else coalesce(i.rootGb, 0) end + coalesce(i.ephemeralGb, 0) + coalesce(i.swapMb, 0) / 1024) "
                + "from InstanceEntity i where i.host is not null group by i.host", Object[].class).list()
                .forEach(r -> used.put((String) r[0], new Need(((Number) r[1]).longValue(),
                        RESERVED_HOST_MEMORY_MB + ((Number) r[2]).longValue(), ((Number) r[3]).longValue())));
        for (Object[] r : s.createSelectionQuery("select m.sourceCompute, m.destCompute, i.host, i.backend, r from "
                + "MigrationEntity m, ResizeEntity r, InstanceEntity i where r.migrationUuid = m.uuid and i.uuid = "
                + "m.instanceUuid and m.status not in :over and m.sourceCompute <> m.destCompute",
                Object[].class).setParameter("over", MigrationEntity.OVER).list()) {
            ResizeEntity resize = (ResizeEntity) r[4];
            org.novalab.compute.BackendKind backend = org.novalab.compute.BackendKind.valueOf((String) r[3]);
            for (int end = 0; end < 2; end++) {
                String host = (String) r[end];
                if (host != null && r[2] != null && !host.equals(r[2])) {
                    InstanceEntity.FlavorCopy f = end == 1 ? resize.newFlavor() : resize.oldFlavor();
                    used.merge(host, Need.of(f.vcpus(), f.ramMb(), f.rootGb(), f.ephemeralGb(), f.swapMb(), backend)
                            .plus(used.containsKey(host) ? Need.NONE : new Need(0, RESERVED_HOST_MEMORY_MB, 0)),
                            Need::plus);
                }
            }
        }
        return used;
    }

    /**
     * What moves between hosts hold of {@code host} while they are under way (Nova keeps an allocation on each end
     * until the move is confirmed or reverted): a server moving here takes its new flavor here before its row names
     * this host; one that has left waits with its old flavor here until the move is confirmed.
     */
    private static Need moving(org.hibernate.Session s, String host) {
        List<Object[]> rows = s.createSelectionQuery("select m.destCompute, i.backend, r from MigrationEntity m, "
                + "ResizeEntity r, InstanceEntity i where r.migrationUuid = m.uuid and i.uuid = m.instanceUuid "
                + "and m.status not in :over and m.sourceCompute <> m.destCompute "
                + "and (m.destCompute = :h or m.sourceCompute = :h) and i.host <> :h", Object[].class)
                .setParameter("over", MigrationEntity.OVER).setParameter("h", host).list();
        Need held = Need.NONE;
        for (Object[] r : rows) {
            ResizeEntity resize = (ResizeEntity) r[2];
            InstanceEntity.FlavorCopy f = host.equals(r[0]) ? resize.newFlavor() : resize.oldFlavor();
            held = held.plus(Need.of(f.vcpus(), f.ramMb(), f.rootGb(), f.ephemeralGb(), f.swapMb(),
                    org.novalab.compute.BackendKind.valueOf((String) r[1])));
        }
        return held;
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
