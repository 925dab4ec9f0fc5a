package org.novalab.api.identity;

import org.hibernate.Session;

/**
 * What goes with an identity row when it is deleted: its group memberships, the assignments it is the actor or the
 * target of, the tokens it made valid and the application credentials of a user or on a project. Assignments name their actor and target without a foreign key (either
 * may be of two kinds), so only this removes them; for the rest the foreign keys would cascade in the database, but
 * the Hibernate session must not hold rows the database removed behind it.
 */
final class Dependents {
    private Dependents() {
    }

    static void ofUser(Session s, String userId) {
        revokeTokensOf(s, userId);
        s.createMutationQuery("delete from ApplicationCredentialEntity c where c.userId = :u").setParameter("u", userId)
                .executeUpdate();
        s.createMutationQuery("delete from GroupMembershipEntity m where m.key.userId = :u").setParameter("u", userId)
                .executeUpdate();
        ofActor(s, Assignment.Actor.user(userId));
    }

    static void ofGroup(Session s, String groupId) {
        s.createMutationQuery("delete from GroupMembershipEntity m where m.key.groupId = :g")
                .setParameter("g", groupId).executeUpdate();
        ofActor(s, Assignment.Actor.group(groupId));
    }

    static void ofProject(Session s, String projectId) {
        s.createMutationQuery("delete from TokenEntity t where t.projectId = :p").setParameter("p", projectId)
                .executeUpdate();
        s.createMutationQuery("delete from ApplicationCredentialEntity c where c.projectId = :p")
                .setParameter("p", projectId).executeUpdate();
        s.createMutationQuery("update UserEntity u set u.defaultProjectId = null where u.defaultProjectId = :p")
                .setParameter("p", projectId).executeUpdate();
        ofTarget(s, Assignment.Target.project(projectId));
    }

    /** The domain's own: its assignments and the tokens scoped to it (its users, groups, projects and roles go first). */
    static void ofDomain(Session s, String domainId) {
        s.createMutationQuery("delete from TokenEntity t where t.domainId = :d").setParameter("d", domainId)
                .executeUpdate();
        ofTarget(s, Assignment.Target.domain(domainId));
    }

    static void ofRole(Session s, String roleId) {
        s.createMutationQuery("delete from AssignmentEntity a where a.key.roleId = :r").setParameter("r", roleId)
                .executeUpdate();
        s.createMutationQuery("delete from RoleImplicationEntity i where i.key.priorRoleId = :r "
                + "or i.key.impliedRoleId = :r").setParameter("r", roleId).executeUpdate();
    }

    /** Keystone's revocation of every token of the user (a new password, a group left, the user disabled). */
    static void revokeTokensOf(Session s, String userId) {
        s.createMutationQuery("delete from TokenEntity t where t.userId = :u").setParameter("u", userId)
                .executeUpdate();
    }

    private static void ofActor(Session s, Assignment.Actor actor) {
        s.createMutationQuery("delete from AssignmentEntity a where a.key.actorType = :k and a.key.actorId = :id")
                .setParameter("k", actor.kind().word()).setParameter("id", actor.id()).executeUpdate();
    }

    private static void ofTarget(Session s, Assignment.Target target) {
        s.createMutationQuery("delete from AssignmentEntity a where a.key.targetType = :k and a.key.targetId = :id")
                .setParameter("k", target.kind().word()).setParameter("id", target.id()).executeUpdate();
    }
}
