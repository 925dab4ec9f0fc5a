package org.novalab.api.identity.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** An endpoint group associated with a project: the project's tokens list the group's endpoints only. */
@Entity
@Table(name = "catalog_endpoint_group_projects")
public class EndpointGroupProjectEntity {
    @Embeddable
    public record Key(@Column(name = "endpoint_group_id") String endpointGroupId,
            @Column(name = "project_id") String projectId) implements Serializable {
    }

    @EmbeddedId
    private Key key;

    protected EndpointGroupProjectEntity() {
    }

    EndpointGroupProjectEntity(String endpointGroupId, String projectId) {
        this.key = new Key(endpointGroupId, projectId);
    }

    public Key key() {
        return key;
    }
}
