package org.novalab.api.volume;

import java.util.List;

/** The block storage service's Hibernate entities (added to the server's list). */
public final class VolumeEntities {
    public static final List<Class<?>> LIST = List.of(VolumeTypeEntity.class, VolumeEncryptionEntity.class,
            VolumeEntity.class, QosSpecsEntity.class, VolumeQuotaEntity.class, VolumeAttachmentEntity.class,
            SnapshotEntity.class);

    private VolumeEntities() {
    }
}
