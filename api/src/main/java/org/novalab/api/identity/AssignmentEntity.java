package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One row of {@code assignments}: an {@link Assignment}, every column part of the key. */
@Entity
@Table(name = "assignments")
public class AssignmentEntity {
    @Embeddable
    public record Key(@Column(name = "actor_type") String actorType, @Column(name = "actor_id") String actorId,
            @Column(name = "target_type") String targetType, @Column(name = "target_id") String targetId,
            @Column(name = "role_id") String roleId, @Column(name = "inherited") boolean inherited)
            implements Serializable {
        static Key of(Assignment a) {
            return new Key(a.actor().kind().word(), a.actor().id(), a.target().kind().word(), a.target().id(),
                    a.roleId(), a.inherited());
        }
    }

    @EmbeddedId
    private Key key;

    protected AssignmentEntity() {
    }

    public AssignmentEntity(Assignment assignment) {
        this.key = Key.of(assignment);
    }

    public Assignment assignment() {
        return new Assignment(new Assignment.Actor(Assignment.Actor.Kind.of(key.actorType()), key.actorId()),
                new Assignment.Target(Assignment.Target.Kind.of(key.targetType()), key.targetId()), key.roleId(),
                key.inherited());
    }
}
