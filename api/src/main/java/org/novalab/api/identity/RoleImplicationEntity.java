package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A role inference rule: whoever holds the prior role holds the implied one too. */
@Entity
@Table(name = "implied_roles")
public class RoleImplicationEntity {
    @Embeddable
    public record Key(@Column(name = "prior_role_id") String priorRoleId,
            @Column(name = "implied_role_id") String impliedRoleId) implements Serializable {
    }

    @EmbeddedId
    private Key key;

    protected RoleImplicationEntity() {
    }

    public RoleImplicationEntity(String priorRoleId, String impliedRoleId) {
        this.key = new Key(priorRoleId, impliedRoleId);
    }

    public String priorRoleId() {
        return key.priorRoleId();
    }

    public String impliedRoleId() {
        return key.impliedRoleId();
    }
}
