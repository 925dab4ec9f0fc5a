package org.novalab.api.identity;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;

/**
 * Keystone's groups: named within a domain, holding users of any domain, their roles their members' roles. As in
 * Keystone, a user taken out of a group loses its tokens (they may carry the group's roles), and so do the members
 * of a deleted group that held roles.
 */
public final class Groups {
    private final IdentityStore store;

    public Groups(IdentityService identity) {
        this.store = identity.store();
    }

    /** What a create or an update says; null fields were not given. */
    public record GroupFields(String name, String description, String domainId, JsonObject extra) {
    }

    public List<GroupEntity> groups(Filter filter) {
        return store.read(s -> filter.list(s, GroupEntity.class, "name"));
    }

    public GroupEntity group(String id) {
        return store.read(s -> Lookup.requireGroup(s, id));
    }

    public GroupEntity create(GroupFields f) {
        return store.change(s -> {
            String domainId = f.domainId() == null ? IdentityService.DOMAIN_ID : f.domainId();
            Lookup.requireDomain(s, domainId);
            requireFreeName(s, f.name(), domainId);
            GroupEntity g = new GroupEntity(IdentityService.newId(), f.name(), domainId, f.description(), f.extra());
            s.persist(g);
            return g;
        });
    }

    public GroupEntity update(String id, GroupFields f) {
        return store.change(s -> {
            GroupEntity g = Lookup.requireGroup(s, id);
            if (f.domainId() != null && !f.domainId().equals(g.domainId())) {
                throw ApiException.badRequest("Update of `domain_id` is not allowed.");
            }
            if (f.name() != null && !f.name().equals(g.name())) {
                requireFreeName(s, f.name(), g.domainId());
                g.rename(f.name());
            }
            if (f.description() != null) {
                g.describe(f.description());
            }
            if (!f.extra().isEmpty()) {
                g.extend(g.extra().mergeIn(f.extra()));
            }
            return g;
        });
    }

    public void delete(String id) {
        store.change(s -> {
            GroupEntity g = Lookup.requireGroup(s, id);
            boolean heldRoles = !s.createSelectionQuery("from AssignmentEntity a where a.key.actorType = 'group' "
                    + "and a.key.actorId = :g", AssignmentEntity.class).setParameter("g", id).setMaxResults(1).list()
                    .isEmpty();
            if (heldRoles) {
                memberIds(s, id).forEach(u -> Dependents.revokeTokensOf(s, u));
            }
            Dependents.ofGroup(s, id);
            s.remove(g);
            return null;
        });
    }

    /** The group's members that match the filter (Keystone's: name, domain_id, enabled). */
    public List<UserEntity> members(String groupId, Filter filter) {
        return store.read(s -> {
            Lookup.requireGroup(s, groupId);
            List<String> ids = memberIds(s, groupId);
            return filter.list(s, UserEntity.class, "name").stream().filter(u -> ids.contains(u.id())).toList();
        });
    }

    public void add(String groupId, String userId) {
        store.change(s -> {
            requireBoth(s, groupId, userId);
            if (find(s, groupId, userId) == null) {
                s.persist(new GroupMembershipEntity(groupId, userId));
            }
            return null;
        });
    }

    /** @throws ApiException 404 when the user (or the group) is unknown, or the user is not a member */
    public void check(String groupId, String userId) {
        store.read(s -> {
            requireBoth(s, groupId, userId);
            if (find(s, groupId, userId) == null) {
                throw notMember(groupId, userId);
            }
            return null;
        });
    }

    public void remove(String groupId, String userId) {
        store.change(s -> {
            requireBoth(s, groupId, userId);
            GroupMembershipEntity m = find(s, groupId, userId);
            if (m == null) {
                throw notMember(groupId, userId);
            }
            s.remove(m);
            Dependents.revokeTokensOf(s, userId);
            return null;
        });
    }

    /** The groups the user is a member of. */
    public List<GroupEntity> groupsOf(String userId) {
        return store.read(s -> {
            Lookup.requireUser(s, userId);
            return s.createSelectionQuery("select g from GroupEntity g, GroupMembershipEntity m where "
                    + "m.key.userId = :u and g.id = m.key.groupId order by g.name", GroupEntity.class)
                    .setParameter("u", userId).list();
        });
    }

    static List<String> memberIds(Session s, String groupId) {
        return s.createSelectionQuery("select m.key.userId from GroupMembershipEntity m where m.key.groupId = :g "
                + "order by m.key.userId", String.class).setParameter("g", groupId).list();
    }

    private static void requireBoth(Session s, String groupId, String userId) {
        Lookup.requireGroup(s, groupId);
        Lookup.requireUser(s, userId);
    }

    private static GroupMembershipEntity find(Session s, String groupId, String userId) {
        return s.get(GroupMembershipEntity.class, new GroupMembershipEntity.Key(groupId, userId));
    }

    private static void requireFreeName(Session s, String name, String domainId) {
        if (Lookup.groupNamed(s, name, domainId) != null) {
            throw Directory.duplicate("group", "name " + name + " at domain ID " + domainId);
        }
    }

    private static ApiException notMember(String groupId, String userId) {
        return ApiException.notFound("User '" + userId + "' not found in group '" + groupId + "'");
    }
}
