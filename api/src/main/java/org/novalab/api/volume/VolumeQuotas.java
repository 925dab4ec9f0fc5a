package org.novalab.api.volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Cinder's quotas for a project: how many volumes, how many GiB in all, how large one volume may be how many
 * snapshots (their sizes count against the gigabytes, as in Cinder), and the backup and group limits, which hold
 * trivially while novalab makes none of those). A project's own
 * limits override Cinder's defaults; -1 is unlimited. What is in use is counted from the volume rows themselves,
 * error volumes included, as Cinder's usage includes them.
 */
final class VolumeQuotas {
    /** Cinder's defaults ({@code quota_volumes}, {@code quota_gigabytes}, ..., {@code per_volume_size_limit}). */
    static final Map<String, Integer> DEFAULTS = defaults();
    static final String VOLUMES = "volumes";
    static final String GIGABYTES = "gigabytes";
    static final String SNAPSHOTS = "snapshots";
    static final String PER_VOLUME_GIGABYTES = "per_volume_gigabytes";
    private final Database db;

    VolumeQuotas(Database db) {
        this.db = db;
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(VOLUMES, 10);
        m.put("snapshots", 10);
        m.put(GIGABYTES, 1000);
        m.put("backups", 10);
        m.put("backup_gigabytes", 1000);
        m.put("groups", 10);
        m.put(PER_VOLUME_GIGABYTES, -1);
        return Map.copyOf(m);
    }

    /** Resource names in Cinder's order of a quota set. */
    static final List<String> RESOURCES = List.of(VOLUMES, "snapshots", GIGABYTES, "backups", "backup_gigabytes",
            "groups", PER_VOLUME_GIGABYTES);

    /** One resource of a project: its limit and what the project holds of it. */
    record Usage(int limit, long inUse) {
    }

    Map<String, Usage> show(String projectId) {
        return db.read(s -> usage(s, projectId));
    }

    /**
     * Sets the given limits of {@code projectId} (-1 unlimited); a limit below what the project already holds is
     * refused, as Cinder refuses it. Returns the limits now in force.
     */
    Map<String, Usage> update(String projectId, Map<String, Integer> limits) {
        return db.write(s -> {
            Map<String, Usage> now = usage(s, projectId);
            limits.forEach((resource, limit) -> {
                long inUse = now.get(resource).inUse();
                if (limit >= 0 && limit < inUse && !resource.equals(PER_VOLUME_GIGABYTES)) {
                    throw ApiException.badRequest("Invalid input received: Quota " + resource + " limit " + limit
                            + " must be equal or greater than existing resources: project " + projectId + " has "
                            + inUse + ".");
                }
            });
            limits.forEach((resource, limit) -> {
                VolumeQuotaEntity row = row(s, projectId, resource);
                if (row == null) {
                    s.persist(new VolumeQuotaEntity(projectId, resource, limit));
                } else {
                    row.hardLimit = limit;
                }
            });
            s.flush();
            return usage(s, projectId);
        });
    }

    /** Cinder's quota delete: the project's own limits go, its defaults are back. */
    void reset(String projectId) {
        db.run(s -> s.createMutationQuery("delete from VolumeQuotaEntity where projectId = :p")
                .setParameter("p", projectId).executeUpdate());
    }

    /**
     * Refuses, with Cinder's 413, a new volume of {@code sizeGb} (or an extend by {@code addedGb} when
     * {@code newVolume} is false) that would take the project past its quota. Runs in the caller's transaction.
     */
    void reserve(Session s, String projectId, boolean newVolume, int sizeGb, int addedGb) {
        Map<String, Usage> u = usage(s, projectId);
        int perVolume = u.get(PER_VOLUME_GIGABYTES).limit();
        if (perVolume >= 0 && sizeGb > perVolume) {
            throw new ApiException(413, "VolumeSizeExceedsLimit: Requested volume size " + sizeGb
                    + "G is larger than maximum allowed limit " + perVolume + "G.");
        }
        Usage volumes = u.get(VOLUMES);
        if (newVolume && volumes.limit() >= 0 && volumes.inUse() + 1 > volumes.limit()) {
            throw new ApiException(413, "VolumeLimitExceeded: Maximum number of volumes allowed ("
                    + volumes.limit() + ") exceeded for quota 'volumes'.");
        }
        Usage gigabytes = u.get(GIGABYTES);
        if (gigabytes.limit() >= 0 && gigabytes.inUse() + addedGb > gigabytes.limit()) {
            throw new ApiException(413, "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds "
                    + "allowed gigabytes quota. Requested " + addedGb + "G, quota is " + gigabytes.limit()
                    + "G and " + gigabytes.inUse() + "G has been consumed.");
        }
    }

    /**
     * Refuses, with Cinder's 413, a new snapshot of a {@code sizeGb} volume past the project's snapshot count or
     * its gigabytes (Cinder counts a snapshot's volume size against {@code gigabytes}, no_snapshot_gb_quota off).
     */
    void reserveSnapshot(Session s, String projectId, int sizeGb) {
        Map<String, Usage> u = usage(s, projectId);
        Usage snapshots = u.get(SNAPSHOTS);
        if (snapshots.limit() >= 0 && snapshots.inUse() + 1 > snapshots.limit()) {
            throw new ApiException(413, "SnapshotLimitExceeded: Maximum number of snapshots allowed ("
                    + snapshots.limit() + ") exceeded");
        }
        Usage gigabytes = u.get(GIGABYTES);
        if (gigabytes.limit() >= 0 && gigabytes.inUse() + sizeGb > gigabytes.limit()) {
            throw new ApiException(413, "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds "
                    + "allowed gigabytes quota. Requested " + sizeGb + "G, quota is " + gigabytes.limit()
                    + "G and " + gigabytes.inUse() + "G has been consumed.");
        }
    }

    private static Map<String, Usage> usage(Session s, String projectId) {
        Object[] held = s.createSelectionQuery("select count(v), coalesce(sum(v.sizeGb), 0) from VolumeEntity v "
                + "where v.projectId = :p", Object[].class).setParameter("p", projectId).getSingleResult();
        Object[] snaps = s.createSelectionQuery("select count(x), coalesce(sum(x.volumeSize), 0) from "
                + "SnapshotEntity x where x.projectId = :p", Object[].class).setParameter("p", projectId)
                .getSingleResult();
        Map<String, Integer> own = new LinkedHashMap<>();
        s.createSelectionQuery("from VolumeQuotaEntity where projectId = :p", VolumeQuotaEntity.class)
                .setParameter("p", projectId).list().forEach(q -> own.put(q.resource, q.hardLimit));
        Map<String, Usage> m = new LinkedHashMap<>();
        for (String r : RESOURCES) {
            long inUse = switch (r) {
                case VOLUMES -> ((Number) held[0]).longValue();
                case GIGABYTES -> ((Number) held[1]).longValue() + ((Number) snaps[1]).longValue();
                case SNAPSHOTS -> ((Number) snaps[0]).longValue();
                default -> 0;
            };
            m.put(r, new Usage(own.getOrDefault(r, DEFAULTS.get(r)), inUse));
        }
        return m;
    }

    private static VolumeQuotaEntity row(Session s, String projectId, String resource) {
        return s.createSelectionQuery("from VolumeQuotaEntity where projectId = :p and resource = :r",
                VolumeQuotaEntity.class).setParameter("p", projectId).setParameter("r", resource)
                .uniqueResult();
    }
}
