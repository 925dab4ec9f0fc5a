package org.novalab.compute.shelve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.novalab.compute.manager.InstanceRecord;
import org.novalab.compute.manager.InstanceStore;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/** The instances table of one host, in memory, with the guarded updates of the real one and the task states seen. */
final class MemoryInstanceStore implements InstanceStore {
    private final Map<UUID, InstanceRecord> rows = new ConcurrentHashMap<>();
    final List<TaskState> tasksSeen = new ArrayList<>();
    final List<String> faults = new ArrayList<>();

    void put(InstanceRecord row) {
        rows.put(row.uuid(), row);
        row.taskState().ifPresent(tasksSeen::add);
    }

    InstanceRecord get(UUID uuid) {
        return rows.get(uuid);
    }

    private synchronized boolean update(UUID uuid, TaskState expected, Optional<TaskState> task, VmState vm,
                                        PowerState power) {
        InstanceRecord row = rows.get(uuid);
        if (row == null || !Objects.equals(row.taskState().orElse(null), expected)) {
            return false;
        }
        put(new InstanceRecord(uuid, row.number(), row.name(), row.host(), vm == null ? row.vmState() : vm, task,
                power == null ? row.powerState() : power));
        return true;
    }

    @Override
    public boolean advanceTask(UUID instance, TaskState expected, TaskState next) {
        return update(instance, expected, Optional.of(next), null, null);
    }

    @Override
    public boolean completeTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState,
                                boolean launched) {
        return update(instance, expected, Optional.empty(), vmState, powerState);
    }

    @Override
    public boolean refuseTask(UUID instance, TaskState expected, String why) {
        return update(instance, expected, Optional.empty(), null, null);
    }

    @Override
    public boolean failTask(UUID instance, TaskState expected, int code, String message) {
        faults.add(message);
        return update(instance, expected, Optional.empty(), VmState.ERROR, null);
    }

    @Override
    public boolean revertTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState, int code,
                              String message) {
        faults.add(message);
        return update(instance, expected, Optional.empty(), vmState, powerState);
    }

    @Override
    public void remove(UUID instance) {
        rows.remove(instance);
    }

    @Override
    public List<InstanceRecord> onHost(String host) {
        return rows.values().stream().filter(r -> host.equals(r.host())).toList();
    }

    @Override
    public boolean knows(UUID instance) {
        return rows.containsKey(instance);
    }
}
