package org.novalab.api.compute.quota;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;

/**
 * Nova's {@code DbQuotaDriver}: the limit of a resource for a user is the user's own, else the project's, else the
 * {@code default} class's, else the configured default; what is in use is counted from the rows themselves
 * (instances, their cores and ram, server groups; key pairs per user). Checks answer Nova's 403s.
 */
public final class QuotaService {
    private static final String DEFAULT_CLASS = "default";
    private static final String PROJECT = "";
    private final Database db;
    private final QuotaUsage usage;

    public QuotaService(Database db) {
        this.db = db;
        this.usage = new QuotaUsage();
    }

    /** The configured defaults, as the {@code default} class changes them. */
    public Map<QuotaResource, Integer> defaults() {
        return db.read(this::defaults);
    }

    public Map<QuotaResource, Integer> classLimits(String className) {
        return db.read(s -> {
            Map<QuotaResource, Integer> limits = configured();
            classRows(s, className).forEach((r, v) -> limits.put(r, v));
            return limits;
        });
    }

    /** A project's limits, or with {@code userId} that user's (the user's own rows over the project's). */
    public Map<QuotaResource, Integer> limits(String projectId, String userId) {
        return db.read(s -> limits(s, projectId, userId));
    }

    /** In use by the project, or by the user in it; key pairs and server group members show 0, as in Nova. */
    public Map<QuotaResource, Long> inUse(String projectId, String userId) {
        return db.read(s -> inUseIn(s, projectId, userId));
    }

    /**
     * Nova's {@code check_num_instances_quota}: how many of {@code min}..{@code max} instances of {@code flavor} the
     * caller may create, or its 403 "Quota exceeded for cores: Requested 4, but already used 18 of 20 cores".
     */
    public long instancesAllowed(AuthContext caller, int vcpus, int ramMb, long min, long max) {
        InstanceCheck check = db.read(s -> instanceCheck(s, caller));
        return check.allowed(vcpus, ramMb, min, max);
    }

    /**
     * Nova's recheck once the instances are recorded: when racing creates together went over, the caller's are
     * refused ("Requested 2, but already used 10 of 10 instances") and must be removed.
     */
    public void recheckInstances(AuthContext caller, int vcpus, int ramMb, int created) {
        db.read(s -> instanceCheck(s, caller)).recheck(vcpus, ramMb, created);
    }

    /** {@code metadata_items} for one server's metadata: Nova's 403 "Maximum number of metadata items exceeds 128". */
    public void checkMetadataItems(AuthContext caller, int items) {
        int limit = limits(caller.projectId(), caller.userId()).get(QuotaResource.METADATA_ITEMS);
        if (limit >= 0 && items > limit) {
            throw ApiException.forbidden("Maximum number of metadata items exceeds " + limit);
        }
    }

    /**
     * {@code key_pairs}, counted per user against the caller's limit (the least of the project's and the user's):
     * Nova's 403 "Quota exceeded, too many key pairs.".
     */
    public void checkKeyPairs(AuthContext caller, long count) {
        Map<QuotaResource, Integer> project = limits(caller.projectId(), null);
        Map<QuotaResource, Integer> user = limits(caller.projectId(), caller.userId());
        int limit = min(project.get(QuotaResource.KEY_PAIRS), user.get(QuotaResource.KEY_PAIRS));
        if (limit >= 0 && count > limit) {
            throw ApiException.forbidden("Quota exceeded, too many key pairs.");
        }
    }

    /** Server groups of the project and of the user: Nova's 403 "Quota exceeded, too many server groups.". */
    public void checkServerGroups(AuthContext caller, long projectCount, long userCount) {
        int projectLimit = limits(caller.projectId(), null).get(QuotaResource.SERVER_GROUPS);
        int userLimit = limits(caller.projectId(), caller.userId()).get(QuotaResource.SERVER_GROUPS);
        if ((projectLimit >= 0 && projectCount > projectLimit) || (userLimit >= 0 && userCount > userLimit)) {
            throw ApiException.forbidden("Quota exceeded, too many server groups.");
        }
    }

    /** Members of one server group, against the least of the project's and the user's limits. */
    public void checkServerGroupMembers(AuthContext caller, long members) {
        int limit = min(limits(caller.projectId(), null).get(QuotaResource.SERVER_GROUP_MEMBERS),
                limits(caller.projectId(), caller.userId()).get(QuotaResource.SERVER_GROUP_MEMBERS));
        if (limit >= 0 && members > limit) {
            throw ApiException.forbidden("Quota exceeded, too many servers in group");
        }
    }

    /**
     * Nova's quota set update: every value is checked against what is in use (and, for a user, what the project
     * leaves) before any is stored, unless {@code force}; then all are stored in one transaction.
     */
    public void update(String projectId, String userId, Map<QuotaResource, Integer> values, boolean force) {
        db.run(s -> {
            if (!force) {
                Settable settable = settable(s, projectId, userId);
                values.forEach((r, v) -> settable.check(r, v));
            }
            String scope = userId == null ? PROJECT : userId;
            Map<QuotaResource, QuotaLimitEntity> rows = new EnumMap<>(QuotaResource.class);
            rows(s, projectId, scope).forEach(row -> rows.put(row.resource(), row));
            values.forEach((r, v) -> {
                QuotaLimitEntity row = rows.get(r);
                if (row == null) {
                    s.persist(new QuotaLimitEntity(projectId, scope, r, v));
                } else {
                    row.setHardLimit(v);
                }
            });
        });
    }

    /** Back to the defaults: the project's limits and its users' (or only the user's). */
    public void delete(String projectId, String userId) {
        db.run(s -> {
            var q = s.createMutationQuery("delete from QuotaLimitEntity q where q.projectId = :p"
                    + (userId == null ? "" : " and q.userId = :u")).setParameter("p", projectId);
            if (userId != null) {
                q.setParameter("u", userId);
            }
            q.executeUpdate();
        });
    }

    public void updateClass(String className, Map<QuotaResource, Integer> values) {
        db.run(s -> {
            Map<QuotaResource, QuotaClassEntity> rows = new EnumMap<>(QuotaResource.class);
            s.createSelectionQuery("from QuotaClassEntity c where c.className = :c", QuotaClassEntity.class)
                    .setParameter("c", className).list().forEach(row -> rows.put(row.resource(), row));
            values.forEach((r, v) -> {
                QuotaClassEntity row = rows.get(r);
                if (row == null) {
                    s.persist(new QuotaClassEntity(className, r, v));
                } else {
                    row.setHardLimit(v);
                }
            });
        });
    }

    // ---- the driver's arithmetic ----

    private Map<QuotaResource, Integer> configured() {
        Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
        for (QuotaResource r : QuotaResource.values()) {
            limits.put(r, r.defaultLimit());
        }
        return limits;
    }

    private Map<QuotaResource, Integer> defaults(Session s) {
        Map<QuotaResource, Integer> limits = configured();
        limits.putAll(classRows(s, DEFAULT_CLASS));
        return limits;
    }

    private Map<QuotaResource, Integer> limits(Session s, String projectId, String userId) {
        Map<QuotaResource, Integer> limits = defaults(s);
        rows(s, projectId, PROJECT).forEach(row -> limits.put(row.resource(), row.hardLimit()));
        if (userId != null) {
            rows(s, projectId, userId).forEach(row -> limits.put(row.resource(), row.hardLimit()));
        }
        return limits;
    }

    private static Map<QuotaResource, Integer> classRows(Session s, String className) {
        Map<QuotaResource, Integer> limits = new EnumMap<>(QuotaResource.class);
        s.createSelectionQuery("from QuotaClassEntity c where c.className = :c", QuotaClassEntity.class)
                .setParameter("c", className).list().forEach(row -> limits.put(row.resource(), row.hardLimit()));
        return limits;
    }

    private static List<QuotaLimitEntity> rows(Session s, String projectId, String userId) {
        return s.createSelectionQuery("from QuotaLimitEntity q where q.projectId = :p and q.userId = :u",
                QuotaLimitEntity.class).setParameter("p", projectId).setParameter("u", userId).list();
    }

    private InstanceCheck instanceCheck(Session s, AuthContext caller) {
        String project = caller.projectId();
        List<QuotaLimitEntity> userRows = rows(s, project, caller.userId());
        // Nova counts per user only when the user has a limit of its own for one of the three
        boolean perUser = userRows.stream().map(QuotaLimitEntity::resource).anyMatch(InstanceCheck.RESOURCES::contains);
        Map<QuotaResource, Long> projectUsed = usage.instances(s, project, null);
        return new InstanceCheck(limits(s, project, null), limits(s, project, caller.userId()), projectUsed,
                perUser ? usage.instances(s, project, caller.userId()) : projectUsed, perUser);
    }

    /** Nova's {@code get_settable_quotas}: the least and the most each limit may be set to. */
    private Settable settable(Session s, String projectId, String userId) {
        Map<QuotaResource, Integer> projectLimits = limits(s, projectId, null);
        Map<QuotaResource, Long> remains = new EnumMap<>(QuotaResource.class);
        projectLimits.forEach((r, v) -> remains.put(r, (long) v));
        s.createSelectionQuery("from QuotaLimitEntity q where q.projectId = :p and q.userId <> ''",
                QuotaLimitEntity.class).setParameter("p", projectId).list()
                .forEach(row -> remains.merge(row.resource(), (long) -row.hardLimit(), Long::sum));
        Map<QuotaResource, Long> used = inUseIn(s, projectId, userId);
        Map<QuotaResource, long[]> ranges = new EnumMap<>(QuotaResource.class);
        if (userId == null) {
            for (QuotaResource r : QuotaResource.values()) {
                long limit = projectLimits.get(r);
                long remain = remains.get(r);
                long setByUsers = limit <= -1 || remain <= -1 ? -1 : limit - remain;
                ranges.put(r, new long[] {Math.max(setByUsers, used.get(r)), -1});
            }
        } else {
            Map<QuotaResource, Integer> own = new EnumMap<>(QuotaResource.class);
            rows(s, projectId, userId).forEach(row -> own.put(row.resource(), row.hardLimit()));
            for (QuotaResource r : QuotaResource.values()) {
                long remain = remains.get(r);
                long current = own.getOrDefault(r, 0);
                long maximum = remain <= -1 || current <= -1 ? -1 : remain + current;
                ranges.put(r, new long[] {used.get(r), maximum});
            }
        }
        return new Settable(ranges);
    }

    private Map<QuotaResource, Long> inUseIn(Session s, String projectId, String userId) {
        Map<QuotaResource, Long> used = new EnumMap<>(QuotaResource.class);
        for (QuotaResource r : QuotaResource.values()) {
            used.put(r, 0L);
        }
        used.putAll(usage.instances(s, projectId, userId));
        used.put(QuotaResource.SERVER_GROUPS, usage.serverGroups(s, projectId, userId));
        return used;
    }

    private static int min(int a, int b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private record Settable(Map<QuotaResource, long[]> ranges) {
        void check(QuotaResource r, int limit) {
            long minimum = ranges.get(r)[0];
            long maximum = ranges.get(r)[1];
            if (infinite(limit) < infinite(minimum)) {
                throw ApiException.badRequest("Quota limit " + limit + " for " + r.key() + " must be greater than or "
                        + "equal to already used and reserved " + minimum + ".");
            }
            if (infinite(limit) > infinite(maximum)) {
                throw ApiException.badRequest("Quota limit " + limit + " for " + r.key() + " must be less than or "
                        + "equal to " + maximum + ".");
            }
        }

        private static double infinite(long value) {
            return value == -1 ? Double.POSITIVE_INFINITY : value;
        }
    }

    /** The three resources a server create is checked against, and the arithmetic Nova's compute utils do. */
    private record InstanceCheck(Map<QuotaResource, Integer> projectLimits, Map<QuotaResource, Integer> userLimits,
            Map<QuotaResource, Long> projectUsed, Map<QuotaResource, Long> userUsed, boolean perUser) {
        static final List<QuotaResource> RESOURCES = List.of(QuotaResource.CORES, QuotaResource.INSTANCES,
                QuotaResource.RAM);

        long allowed(int vcpus, int ramMb, long min, long max) {
            Map<QuotaResource, Long> deltas = deltas(vcpus, ramMb, max);
            Over over = over(deltas);
            if (over == null) {
                return max;
            }
            Map<QuotaResource, Long> headroom = new EnumMap<>(QuotaResource.class);
            for (QuotaResource r : RESOURCES) {
                headroom.put(r, over.limits.get(r) - over.used.get(r));
            }
            long instancesRoom = headroom.get(QuotaResource.INSTANCES);
            if (over.limits.get(QuotaResource.CORES) == -1) {
                headroom.put(QuotaResource.CORES, deltas.get(QuotaResource.CORES) == 0 ? instancesRoom
                        : instancesRoom * deltas.get(QuotaResource.CORES) / deltas.get(QuotaResource.INSTANCES));
            }
            if (over.limits.get(QuotaResource.RAM) == -1) {
                headroom.put(QuotaResource.RAM, deltas.get(QuotaResource.RAM) == 0 ? instancesRoom
                        : instancesRoom * deltas.get(QuotaResource.RAM) / deltas.get(QuotaResource.INSTANCES));
            }
            long allowed = instancesRoom;
            if (vcpus > 0) {
                allowed = Math.min(allowed, Math.floorDiv(headroom.get(QuotaResource.CORES), vcpus));
            }
            if (ramMb > 0) {
                allowed = Math.min(allowed, Math.floorDiv(headroom.get(QuotaResource.RAM), ramMb));
            }
            if (allowed > 0 && min <= allowed && allowed < max) {
                // the smaller count must pass both scopes too: Nova checks it again
                return allowed(vcpus, ramMb, min, allowed);
            }
            Map<QuotaResource, String> requested = new EnumMap<>(QuotaResource.class);
            requested.put(QuotaResource.INSTANCES, min == max ? Long.toString(min) : min + "-" + max);
            requested.put(QuotaResource.CORES, Long.toString(max * vcpus));
            requested.put(QuotaResource.RAM, Long.toString(max * ramMb));
            Map<QuotaResource, Long> shownUsed = new EnumMap<>(QuotaResource.class);
            over.resources.forEach(r -> shownUsed.put(r, over.limits.get(r) - headroom.get(r)));
            throw tooMany(over, requested, shownUsed);
        }

        void recheck(int vcpus, int ramMb, int created) {
            Over over = over(deltas(vcpus, ramMb, 0));
            if (over == null) {
                return;
            }
            Map<QuotaResource, String> requested = new EnumMap<>(QuotaResource.class);
            requested.put(QuotaResource.INSTANCES, Integer.toString(created));
            requested.put(QuotaResource.CORES, Long.toString((long) created * vcpus));
            requested.put(QuotaResource.RAM, Long.toString((long) created * ramMb));
            Map<QuotaResource, Long> shownUsed = new EnumMap<>(QuotaResource.class);
            over.resources.forEach(r -> shownUsed.put(r, (long) over.limits.get(r)));
            throw tooMany(over, requested, shownUsed);
        }

        private static Map<QuotaResource, Long> deltas(int vcpus, int ramMb, long count) {
            Map<QuotaResource, Long> deltas = new EnumMap<>(QuotaResource.class);
            deltas.put(QuotaResource.INSTANCES, count);
            deltas.put(QuotaResource.CORES, count * vcpus);
            deltas.put(QuotaResource.RAM, count * ramMb);
            return deltas;
        }

        /** Project limits against project use, then the user's own limits against the user's use. */
        private Over over(Map<QuotaResource, Long> deltas) {
            List<QuotaResource> overs = new ArrayList<>();
            boolean overUser = false;
            for (QuotaResource r : RESOURCES) {
                int projectLimit = projectLimits.get(r);
                int userLimit = userLimits.get(r);
                if (projectLimit >= 0 && projectLimit < projectUsed.get(r) + deltas.get(r)) {
                    overs.add(r);
                } else if (perUser && userLimit >= 0 && userLimit < userUsed.get(r) + deltas.get(r)) {
                    overs.add(r);
                    overUser = true;
                }
            }
            if (overs.isEmpty()) {
                return null;
            }
            return new Over(overs, overUser ? userLimits : projectLimits, userUsed);
        }

        private static ApiException tooMany(Over over, Map<QuotaResource, String> requested,
                Map<QuotaResource, Long> used) {
            String names = join(over.resources, QuotaResource::key);
            return ApiException.forbidden("Quota exceeded for " + names + ": Requested "
                    + join(over.resources, requested::get) + ", but already used " + join(over.resources,
                    r -> Long.toString(used.get(r))) + " of " + join(over.resources,
                    r -> Integer.toString(over.limits.get(r))) + " " + names);
        }

        private static String join(List<QuotaResource> resources, java.util.function.Function<QuotaResource, String> f) {
            return String.join(", ", resources.stream().map(f).toList());
        }
    }

    private record Over(List<QuotaResource> resources, Map<QuotaResource, Integer> limits,
            Map<QuotaResource, Long> used) {
    }
}
