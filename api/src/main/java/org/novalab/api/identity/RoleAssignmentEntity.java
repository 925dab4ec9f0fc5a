package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A user holds a role (by id) on a project. */
@Entity
@Table(name = "role_assignments")
public class RoleAssignmentEntity {
    @Embeddable
    public record Key(@Column(name = "project_id") String projectId, @Column(name = "user_id") String userId,
            @Column(name = "role_name") String roleId) implements Serializable {
    }

    @EmbeddedId
    private Key key;

    protected RoleAssignmentEntity() {
    }

    public RoleAssignmentEntity(String projectId, String userId, String roleId) {
        this.key = new Key(projectId, userId, roleId);
    }

    public String projectId() {
        return key.projectId();
    }

    public String userId() {
        return key.userId();
    }

    public String roleId() {
        return key.roleId();
    }
}
