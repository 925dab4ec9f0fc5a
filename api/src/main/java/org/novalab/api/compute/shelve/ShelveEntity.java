package org.novalab.api.compute.shelve;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A shelved server's system metadata as Nova keeps it ({@code shelved_image_id}, {@code shelved_host},
 * {@code shelved_at}): the image its unshelve boots from.
 */
@Entity
@Table(name = "instance_shelves")
public class ShelveEntity {
    @Id
    @Column(name = "instance_uuid")
    private String instanceUuid;
    @Column(name = "image_id", nullable = false)
    private String imageId;
    @Column(name = "shelved_host", nullable = false)
    private String shelvedHost;
    @Column(name = "shelved_at", nullable = false)
    private Instant shelvedAt;

    protected ShelveEntity() {
    }

    public ShelveEntity(String instanceUuid, String imageId, String shelvedHost, Instant shelvedAt) {
        this.instanceUuid = instanceUuid;
        this.imageId = imageId;
        this.shelvedHost = shelvedHost;
        this.shelvedAt = shelvedAt;
    }

    public String instanceUuid() {
        return instanceUuid;
    }

    public String imageId() {
        return imageId;
    }

    public String shelvedHost() {
        return shelvedHost;
    }

    public Instant shelvedAt() {
        return shelvedAt;
    }
}
