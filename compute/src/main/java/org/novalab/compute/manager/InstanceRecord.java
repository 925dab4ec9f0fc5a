package org.novalab.compute.manager;

import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.rpc.InstanceRef;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;

/** An instance as the instances table has it, the parts a compute host acts on. */
public record InstanceRecord(UUID uuid, long number, String name, String host, VmState vmState,
                             Optional<TaskState> taskState, PowerState powerState) {
    public InstanceRef ref() {
        return new InstanceRef(uuid, number);
    }
}
