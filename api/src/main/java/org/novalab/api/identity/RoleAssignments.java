package org.novalab.api.identity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.novalab.api.identity.Assignment.Actor;
import org.novalab.api.identity.Assignment.Target;

/**
 * Keystone's role assignments, as {@code GET /v3/role_assignments} lists them and as tokens carry them, read in one
 * session. Direct: the stored assignments that match the filters. Effective (what a token would carry): a group's
 * assignment becomes one for each member, an inherited one one on each project below its target, every role brings
 * the roles it implies (again and again, each naming the role that implied it), and domain-specific roles, whose
 * only job is to imply others, are left out. System assignments are effective only when the system is asked for.
 */
final class RoleAssignments {
    private final Session s;
    private final Map<String, List<String>> members = new HashMap<>();
    private Map<String, List<String>> implications;
    private final Map<String, RoleEntity> roles = new HashMap<>();

    RoleAssignments(Session s) {
        this.s = s;
    }

    /**
     * One listed assignment. An effective one is always a user's; it names the group it came through, the role that
     * implied it and the target it was inherited from, each null when it did not come so.
     */
    record RoleAssignment(Actor actor, Target target, String roleId, boolean inherited, String groupId,
            String priorRoleId, Target inheritedFrom) {
        static RoleAssignment of(Assignment a) {
            return new RoleAssignment(a.actor(), a.target(), a.roleId(), a.inherited(), null, null, null);
        }

        RoleAssignment implying(String impliedRoleId) {
            return new RoleAssignment(actor, target, impliedRoleId, inherited, groupId, roleId, inheritedFrom);
        }
    }

    /**
     * Keystone's filters, each null when not given; {@code inherited}: only the inherited ones (true) or only the
     * others (false).
     */
    record Query(String userId, String groupId, Target target, String roleId, Boolean inherited, boolean effective) {
        static Query effectiveOf(String userId, Target target) {
            return new Query(userId, null, target, null, null, true);
        }
    }

    List<RoleAssignment> list(Query q) {
        return q.effective() ? effective(q) : direct(q);
    }

    /** The ids of the roles the user holds on the target: what a token scoped to it carries. */
    Set<String> roleIdsOn(String userId, Target target) {
        Set<String> ids = new LinkedHashSet<>();
        effective(Query.effectiveOf(userId, target)).forEach(a -> ids.add(a.roleId()));
        return ids;
    }

    /** The projects (or domains) on which the user holds a role, by id. */
    Set<String> targetsOf(String userId, Target.Kind kind) {
        Set<String> ids = new LinkedHashSet<>();
        effective(Query.effectiveOf(userId, null)).stream().filter(a -> a.target().kind() == kind)
                .forEach(a -> ids.add(a.target().id()));
        return ids;
    }

    /** The ids of the groups the user is a member of. */
    private List<String> groupsOf(String userId) {
        return s.createSelectionQuery("select m.key.groupId from GroupMembershipEntity m where m.key.userId = :u",
                String.class).setParameter("u", userId).list();
    }

    // ---- direct

    private List<RoleAssignment> direct(Query q) {
        StringBuilder hql = new StringBuilder("from AssignmentEntity a where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q.userId() != null) {
            actor(hql, params, Actor.user(q.userId()));
        }
        if (q.groupId() != null) {
            actor(hql, params, Actor.group(q.groupId()));
        }
        if (q.target() != null) {
            hql.append(" and a.key.targetType = :tt and a.key.targetId = :ti");
            params.put("tt", q.target().kind().word());
            params.put("ti", q.target().id());
        }
        if (q.roleId() != null) {
            hql.append(" and a.key.roleId = :r");
            params.put("r", q.roleId());
        }
        if (q.inherited() != null) {
            hql.append(" and a.key.inherited = :i");
            params.put("i", q.inherited());
        }
        hql.append(" order by a.key.targetType, a.key.targetId, a.key.actorType, a.key.actorId, a.key.roleId");
        var query = s.createSelectionQuery(hql.toString(), AssignmentEntity.class);
        params.forEach(query::setParameter);
        return query.list().stream().map(e -> RoleAssignment.of(e.assignment())).toList();
    }

    private static void actor(StringBuilder hql, Map<String, Object> params, Actor actor) {
        hql.append(" and a.key.actorType = :at and a.key.actorId = :ai");
        params.put("at", actor.kind().word());
        params.put("ai", actor.id());
    }

    // ---- effective

    private List<RoleAssignment> effective(Query q) {
        List<RoleAssignment> expanded = new ArrayList<>();
        for (Assignment row : candidates(q)) {
            for (Member member : members(row.actor(), q.userId())) {
                for (Place place : places(row)) {
                    expanded.add(new RoleAssignment(Actor.user(member.userId()), place.target(), row.roleId(),
                            place.inheritedFrom() != null, member.groupId(), null, place.inheritedFrom()));
                }
            }
        }
        List<RoleAssignment> wanted = expanded.stream()
                .filter(a -> q.target() == null || a.target().equals(q.target()))
                .filter(a -> q.inherited() == null || (a.inheritedFrom() != null) == q.inherited()).toList();
        return withImplied(wanted).stream().filter(a -> role(a.roleId()).global())
                .filter(a -> q.roleId() == null || a.roleId().equals(q.roleId())).distinct().toList();
    }

    /** The stored assignments that may give the query's user (or anyone) a role where the query looks. */
    private List<Assignment> candidates(Query q) {
        StringBuilder hql = new StringBuilder("from AssignmentEntity a where ");
        hql.append(q.target() != null && q.target().isSystem() ? "a.key.targetType = 'system'"
                : "a.key.targetType <> 'system'");
        List<String> groups = List.of();
        if (q.userId() != null) {
            groups = groupsOf(q.userId());
            hql.append(" and ((a.key.actorType = 'user' and a.key.actorId = :u)");
            hql.append(groups.isEmpty() ? ")" : " or (a.key.actorType = 'group' and a.key.actorId in :g))");
        }
        var query = s.createSelectionQuery(hql + " order by a.key.targetType, a.key.targetId, a.key.actorType, "
                + "a.key.actorId, a.key.roleId", AssignmentEntity.class);
        if (q.userId() != null) {
            query.setParameter("u", q.userId());
            if (!groups.isEmpty()) {
                query.setParameterList("g", groups);
            }
        }
        return query.list().stream().map(AssignmentEntity::assignment).toList();
    }

    /** A user an assignment gives its role to, and the group it came through (null: the user's own). */
    private record Member(String userId, String groupId) {
    }

    /** Where an assignment gives its role, and the target it was inherited from (null: not inherited). */
    private record Place(Target target, Target inheritedFrom) {
    }

    private List<Member> members(Actor actor, String onlyUser) {
        if (actor.isUser()) {
            return List.of(new Member(actor.id(), null));
        }
        if (onlyUser != null) {
            // the candidates were already narrowed to the groups of this user
            return List.of(new Member(onlyUser, actor.id()));
        }
        return members.computeIfAbsent(actor.id(), g -> Groups.memberIds(s, g)).stream()
                .map(u -> new Member(u, actor.id())).toList();
    }

    /** An inherited assignment holds on the projects below its target (all of a domain's), not on the target. */
    private List<Place> places(Assignment a) {
        if (!a.inherited()) {
            return List.of(new Place(a.target(), null));
        }
        List<String> projects = a.target().isDomain()
                ? s.createSelectionQuery("select p.id from ProjectEntity p where p.domainId = :d", String.class)
                        .setParameter("d", a.target().id()).list()
                : below(a.target().id());
        return projects.stream().map(p -> new Place(Target.project(p), a.target())).toList();
    }

    /** The projects below a project, at any depth. */
    private List<String> below(String projectId) {
        List<String> found = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(projectId));
        while (!todo.isEmpty()) {
            List<String> children = s.createSelectionQuery("select p.id from ProjectEntity p where p.parentId = :p",
                    String.class).setParameter("p", todo.pop()).list();
            found.addAll(children);
            todo.addAll(children);
        }
        return found;
    }

    /** Keystone's expansion of implied roles: each implied one names its prior role; a cycle is followed once. */
    private List<RoleAssignment> withImplied(List<RoleAssignment> assignments) {
        List<RoleAssignment> result = new ArrayList<>(assignments);
        Set<RoleAssignment> seen = new HashSet<>(assignments);
        Deque<RoleAssignment> todo = new ArrayDeque<>(assignments);
        while (!todo.isEmpty()) {
            RoleAssignment next = todo.pop();
            for (String implied : implications().getOrDefault(next.roleId(), List.of())) {
                RoleAssignment more = next.implying(implied);
                if (seen.add(more)) {
                    result.add(more);
                    todo.push(more);
                }
            }
        }
        return result;
    }

    private Map<String, List<String>> implications() {
        if (implications == null) {
            implications = new HashMap<>();
            for (RoleImplicationEntity rule : s.createSelectionQuery("from RoleImplicationEntity i order by "
                    + "i.key.priorRoleId, i.key.impliedRoleId", RoleImplicationEntity.class).list()) {
                implications.computeIfAbsent(rule.priorRoleId(), k -> new ArrayList<>()).add(rule.impliedRoleId());
            }
        }
        return implications;
    }

    private RoleEntity role(String id) {
        return roles.computeIfAbsent(id, r -> s.get(RoleEntity.class, r));
    }
}
