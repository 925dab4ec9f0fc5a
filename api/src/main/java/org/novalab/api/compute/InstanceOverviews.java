package org.novalab.api.compute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.api.persistence.Database;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.VmState;

/** Every server of the deployment, whatever its project or state, with the fault of those in ERROR (admin views). */
public final class InstanceOverviews {
    private final Database db;

    public InstanceOverviews(Database db) {
        this.db = db;
    }

    /** Every server that is not deleted, oldest first: two queries (instances, then the faults of those in ERROR). */
    public List<InstanceOverview> all() {
        List<InstanceEntity> rows = db.read(s -> s.createSelectionQuery(
                "from InstanceEntity i order by i.createdAt, i.id", InstanceEntity.class).list());
        Map<Long, FaultEntity> faults = faults(rows.stream().filter(i -> i.vmState() == VmState.ERROR)
                .map(InstanceEntity::id).toList());
        return rows.stream().map(i -> overview(i, Optional.ofNullable(faults.get(i.id())))).toList();
    }

    public Optional<InstanceOverview> find(UUID uuid) {
        InstanceEntity i = db.read(s -> HibernateInstanceStore.byUuid(s, uuid));
        if (i == null) {
            return Optional.empty();
        }
        Map<Long, FaultEntity> faults = i.vmState() == VmState.ERROR ? faults(List.of(i.id())) : Map.of();
        return Optional.of(overview(i, Optional.ofNullable(faults.get(i.id()))));
    }

    private static InstanceOverview overview(InstanceEntity i, Optional<FaultEntity> fault) {
        return new InstanceOverview(UUID.fromString(i.uuid()), i.name(), ServerView.status(i), i.vmState().id(),
                Optional.ofNullable(i.taskState()), PowerState.ofCode(i.powerState()).novaName(),
                Optional.ofNullable(i.host()), i.imageId() == null ? "" : i.imageId(), i.backend(),
                fault.map(f -> new InstanceOverview.Fault(f.code(), f.message())));
    }

    /** The latest fault of each instance. */
    private Map<Long, FaultEntity> faults(List<Long> ids) {
        Map<Long, FaultEntity> latest = new HashMap<>();
        if (ids.isEmpty()) {
            return latest;
        }
        db.read(s -> s.createSelectionQuery("from FaultEntity f where f.instanceId in :ids order by f.createdAt, f.id",
                FaultEntity.class).setParameter("ids", ids).list()).forEach(f -> latest.put(f.instanceId(), f));
        return latest;
    }
}
