package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A user is a member of a group. */
@Entity
@Table(name = "user_group_membership")
public class GroupMembershipEntity {
    @Embeddable
    public record Key(@Column(name = "group_id") String groupId, @Column(name = "user_id") String userId)
            implements Serializable {
    }

    @EmbeddedId
    private Key key;

    protected GroupMembershipEntity() {
    }

    public GroupMembershipEntity(String groupId, String userId) {
        this.key = new Key(groupId, userId);
    }
}
