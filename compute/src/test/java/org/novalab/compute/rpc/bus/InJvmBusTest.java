package org.novalab.compute.rpc.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InJvmBusTest extends MessageBusContract {
    private final InJvmBus bus = new InJvmBus();

    @Override
    MessageBus sender() {
        return bus;
    }

    @Override
    MessageBus consumer(int n) {
        return bus;
    }

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void a_cast_the_consumer_refuses_is_refused_to_the_sender_and_may_be_sent_again() {
        String topic = topic();
        int[] tries = {0};
        bus.consume(topic, (m, kind) -> {
            if (tries[0]++ == 0) {
                throw new RejectedExecutionException("queue full");
            }
            return null;
        });
        Message m = text("build");
        assertThatThrownBy(() -> bus.cast(topic, m)).isInstanceOf(RejectedExecutionException.class);
        bus.cast(topic, m);
        assertThat(tries[0]).as("the refused cast was not remembered as run").isEqualTo(2);
    }
}
