package org.novalab.compute.rpc.remote;

import org.junit.jupiter.api.AfterEach;
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

    @AfterEach
    void closeBus() {
        bus.close();
    }
}
