package org.novalab.compute.rpc.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.novalab.compute.rpc.bus.InJvmBus;
import org.novalab.compute.rpc.bus.MessageBus;

class InJvmRoundTripTest extends ComputeRoundTripContract {
    private final InJvmBus bus = new InJvmBus();

    @Override
    MessageBus apiBus() {
        return bus;
    }

    @Override
    MessageBus hostBus() {
        return bus;
    }

    @Test
    void a_host_whose_work_queue_is_full_refuses_the_cast_to_the_caller_as_the_door_in_process_does() {
        failures.put("buildAndRunInstance", new RejectedExecutionException("queue full"));
        assertThatThrownBy(() -> api.buildAndRunInstance(HOST, SPAWN)).isInstanceOf(RejectedExecutionException.class);
        failures.clear();
        api.buildAndRunInstance(HOST, SPAWN);
        assertThat(received).as("the refused cast may be sent again and then runs").hasSize(2);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }
}
