package org.novalab.api.compute;

import java.util.List;
import org.novalab.api.compute.action.InstanceActionEntity;
import org.novalab.api.compute.action.InstanceActionEventEntity;
import org.novalab.api.compute.aggregate.AggregateEntity;
import org.novalab.api.compute.group.ServerGroupEntity;
import org.novalab.api.compute.host.ComputeNodeEntity;
import org.novalab.api.compute.host.ServiceEntity;
import org.novalab.api.compute.keypair.KeyPairEntity;
import org.novalab.api.compute.migration.MigrationEntity;
import org.novalab.api.compute.quota.QuotaClassEntity;
import org.novalab.api.compute.quota.QuotaLimitEntity;
import org.novalab.api.compute.resize.ResizeEntity;
import org.novalab.api.compute.usage.TaskLogEntity;
import org.novalab.api.compute.usage.TerminatedInstanceEntity;

/** The Hibernate entities of the compute API's features beyond servers and flavors (added to the server's list). */
public final class ComputeEntities {
    public static final List<Class<?>> LIST = List.of(KeyPairEntity.class, QuotaLimitEntity.class,
            QuotaClassEntity.class, ServiceEntity.class, ComputeNodeEntity.class, ServerGroupEntity.class,
            InstanceActionEntity.class, InstanceActionEventEntity.class, TerminatedInstanceEntity.class,
            AggregateEntity.class, TaskLogEntity.class, MigrationEntity.class,
            ResizeEntity.class, org.novalab.api.compute.shelve.ShelveEntity.class);

    private ComputeEntities() {
    }
}
