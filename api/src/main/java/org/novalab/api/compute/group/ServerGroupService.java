package org.novalab.api.compute.group;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.compute.HostPlacement;
import org.novalab.api.compute.InstanceEntity;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.quota.QuotaService;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.persistence.Database;

/**
 * Nova's server groups: created within the {@code server_groups} quota, seen by the project (all of them by an
 * admin), and the placement they ask of a new member's host, counted from where their members run.
 */
public final class ServerGroupService {
    static final String POLICY = "os_compute_api:os-server-groups:";
    private final Database db;
    private final QuotaService quotas;
    private final Clock clock;

    public ServerGroupService(Database db, QuotaService quotas, Clock clock) {
        this.db = db;
        this.quotas = quotas;
        this.clock = clock;
    }

    public ServerGroupEntity create(AuthContext caller, String name, String policy, Integer maxServerPerHost) {
        NovaPolicy.memberOrAdmin(caller, caller.projectId(), POLICY + "create");
        checkQuota(caller, 1);
        ServerGroupEntity group = new ServerGroupEntity(UUID.randomUUID().toString(), name, caller.projectId(),
                caller.userId(), policy, maxServerPerHost, clock.instant());
        db.run(s -> s.persist(group));
        try {
            checkQuota(caller, 0); // Nova's recheck: racing creates may not all stay
        } catch (ApiException over) {
            db.run(s -> s.createMutationQuery("delete from ServerGroupEntity g where g.uuid = :u")
                    .setParameter("u", group.uuid()).executeUpdate());
            throw over;
        }
        return group;
    }

    private void checkQuota(AuthContext caller, int delta) {
        long project = count(caller.projectId(), null) + delta;
        long user = count(caller.projectId(), caller.userId()) + delta;
        quotas.checkServerGroups(caller, project, user);
    }

    private long count(String projectId, String userId) {
        return db.read(s -> {
            var q = s.createSelectionQuery("select count(g) from ServerGroupEntity g where g.projectId = :p"
                    + (userId == null ? "" : " and g.userId = :u"), Long.class).setParameter("p", projectId);
            if (userId != null) {
                q.setParameter("u", userId);
            }
            return q.getSingleResult();
        });
    }

    /** The caller's project's groups, or every project's for an admin asking for all; {@code offset}, {@code limit}. */
    public List<ServerGroupEntity> list(AuthContext caller, boolean allProjects, int offset, int limit) {
        NovaPolicy.readerOrAdmin(caller, caller.projectId(), POLICY + "index");
        boolean all = allProjects && caller.isAdmin();
        return db.read(s -> {
            var q = s.createSelectionQuery("from ServerGroupEntity g" + (all ? "" : " where g.projectId = :p")
                    + " order by g.id", ServerGroupEntity.class);
            if (!all) {
                q.setParameter("p", caller.projectId());
            }
            return q.setFirstResult(offset).setMaxResults(limit).list();
        });
    }

    /** Nova's lookup: a group that does not exist is a 404, another project's a 403 (its policy). */
    public ServerGroupEntity get(AuthContext caller, String uuid, String rule) {
        ServerGroupEntity group = db.read(s -> byUuid(s, uuid));
        if (group == null) {
            throw notFound(uuid);
        }
        if (rule.equals("delete")) {
            NovaPolicy.memberOrAdmin(caller, group.projectId(), POLICY + rule);
        } else {
            NovaPolicy.readerOrAdmin(caller, group.projectId(), POLICY + rule);
        }
        return group;
    }

    public void delete(AuthContext caller, String uuid) {
        get(caller, uuid, "delete");
        int deleted = db.write(s -> {
            ServerGroupEntity g = byUuid(s, uuid);
            if (g == null) {
                return 0;
            }
            s.remove(g);
            return 1;
        });
        if (deleted == 0) {
            throw notFound(uuid);
        }
    }

    /** The members that still exist (a deleted server leaves its groups). */
    public List<String> liveMembers(ServerGroupEntity group) {
        if (group.members().isEmpty()) {
            return List.of();
        }
        return db.read(s -> s.createSelectionQuery("select i.uuid from InstanceEntity i where i.uuid in :u order by i.id",
                String.class).setParameter("u", group.members()).list());
    }

    /** The groups each of {@code instances} belongs to (Nova shows them in the server from 2.71). */
    public Map<String, List<String>> groupsOf(List<String> instances) {
        if (instances.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = db.read(s -> s.createSelectionQuery("select m, g.uuid from ServerGroupEntity g "
                + "join g.members m where m in :u", Object[].class).setParameter("u", instances).list());
        Map<String, List<String>> groups = new HashMap<>();
        rows.forEach(r -> groups.computeIfAbsent((String) r[0], k -> new java.util.ArrayList<>()).add((String) r[1]));
        return groups;
    }

    /**
     * The group a server create names in its {@code group} hint, as the caller may use it: Nova's 400 "Instance
     * group X could not be found." otherwise.
     */
    public Boot forBoot(AuthContext caller, String uuid) {
        ServerGroupEntity group = db.read(s -> byUuid(s, uuid));
        if (group == null || !(caller.isAdmin() || group.projectId().equals(caller.projectId()))) {
            throw ApiException.badRequest("Instance group " + uuid + " could not be found.");
        }
        Map<String, Integer> onHost = new HashMap<>();
        if (!group.members().isEmpty()) {
            db.read(s -> s.createSelectionQuery("select i.host from InstanceEntity i where i.uuid in :u and "
                    + "i.host is not null", String.class).setParameter("u", group.members()).list())
                    .forEach(h -> onHost.merge(h, 1, Integer::sum));
        }
        return new Boot(group, onHost, liveMembers(group).size());
    }

    /**
     * A group a create places its servers in: the members' hosts so far (with those the create has placed), and
     * Nova's filters and weighers for its policy.
     */
    public final class Boot {
        private final ServerGroupEntity group;
        private final Map<String, Integer> onHost;
        private int members;

        private Boot(ServerGroupEntity group, Map<String, Integer> onHost, int members) {
            this.group = group;
            this.onHost = onHost;
            this.members = members;
        }

        public String uuid() {
            return group.uuid();
        }

        /** {@code server_group_members}: Nova's 403 "Quota exceeded, too many servers in group". */
        public void admitMember(AuthContext caller) {
            quotas.checkServerGroupMembers(caller, members + 1L);
            members++;
        }

        public HostPlacement placement() {
            return placementOf(group, onHost);
        }

        /** A member the create placed on {@code host} (null: no host took it) counts for the next one. */
        public void placed(String host) {
            if (host != null) {
                onHost.merge(host, 1, Integer::sum);
            }
        }

        /** Records the members in the transaction that records their instances. */
        public void addMembers(Session s, List<InstanceEntity> instances) {
            ServerGroupEntity g = byUuid(s, group.uuid());
            if (g == null) {
                throw ApiException.badRequest("Instance group " + group.uuid() + " could not be found.");
            }
            instances.forEach(i -> g.addMember(i.uuid()));
        }
    }

    /**
     * What the groups of a server that moves ask of its destination (Nova's request spec keeps the group for every
     * move): each group's filter and weigher over where its other members are, so a migrate of an anti-affinity
     * member never lands beside another, and an affinity member with company has nowhere to go.
     */
    public HostPlacement forMove(String instance) {
        List<ServerGroupEntity> groups = db.read(s -> s.createSelectionQuery("select g from ServerGroupEntity g "
                + "join g.members m where m = :u", ServerGroupEntity.class).setParameter("u", instance).list());
        HostPlacement placement = HostPlacement.ANY;
        for (ServerGroupEntity g : groups) {
            Map<String, Integer> onHost = new HashMap<>();
            List<String> others = g.members().stream().filter(m -> !m.equals(instance)).toList();
            if (!others.isEmpty()) {
                db.read(s -> s.createSelectionQuery("select i.host from InstanceEntity i where i.uuid in :u and "
                        + "i.host is not null", String.class).setParameter("u", others).list())
                        .forEach(h -> onHost.merge(h, 1, Integer::sum));
            }
            placement = placement.and(placementOf(g, onHost));
        }
        return placement;
    }

    /** Nova's ServerGroup(Anti)AffinityFilter and soft weighers for {@code group}, its members counted by host. */
    private static HostPlacement placementOf(ServerGroupEntity group, Map<String, Integer> onHost) {
        String policy = group.policy();
        int max = group.maxServerPerHost() == null ? 1 : group.maxServerPerHost();
        return new HostPlacement() {
            @Override
            public boolean passes(String host) {
                return switch (policy) {
                    case "affinity" -> onHost.isEmpty() || onHost.containsKey(host);
                    case "anti-affinity" -> onHost.getOrDefault(host, 0) < max;
                    default -> true;
                };
            }

            @Override
            public int weight(String host) {
                int here = onHost.getOrDefault(host, 0);
                return switch (policy) {
                    case "soft-affinity" -> here;
                    case "soft-anti-affinity" -> -here;
                    default -> 0;
                };
            }
        };
    }

    private static ServerGroupEntity byUuid(Session s, String uuid) {
        return s.createSelectionQuery("from ServerGroupEntity g where g.uuid = :u", ServerGroupEntity.class)
                .setParameter("u", uuid).uniqueResult();
    }

    private static ApiException notFound(String uuid) {
        return ApiException.notFound("Instance group " + uuid + " could not be found.");
    }
}
