package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A user holds a role on a project. */
@Entity
@Table(name = "role_assignments")
public class RoleAssignmentEntity {
    @Embeddable
    public record Key(@Column(name = "project_id") String projectId, @Column(name = "user_id") String userId,
            @Column(name = "role_name") String roleName) implements Serializable {
    }

    @EmbeddedId
    private Key key;

    protected RoleAssignmentEntity() {
    }

    public RoleAssignmentEntity(String projectId, String userId, Role role) {
        this.key = new Key(projectId, userId, role.id());
    }

    public Role role() {
        return Role.of(key.roleName());
    }
}
