package org.novalab.compute.rpc.remote;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.novalab.compute.rpc.bus.MessageBus;
import org.novalab.compute.rpc.bus.RabbitBus;
import org.novalab.compute.rpc.bus.RabbitSettings;
import org.novalab.compute.rpc.bus.TransportUrl;
import org.novalab.testing.PrivateRabbit;

/** The door's round trip over a real RabbitMQ (scripts/rabbitmq): the API and the host on their own connections. */
@Tag("integration")
class RabbitRoundTripIT extends ComputeRoundTripContract {
    static PrivateRabbit rabbit;
    static RabbitBus api;
    static RabbitBus host;

    @BeforeAll
    static void startBroker() throws Exception {
        rabbit = PrivateRabbit.start();
        RabbitSettings fast = new RabbitSettings("nova", Duration.ofSeconds(10), Duration.ofMillis(200),
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(20));
        api = RabbitBus.connect(TransportUrl.parse(rabbit.url()), fast, "api", Duration.ofSeconds(20));
        host = RabbitBus.connect(TransportUrl.parse(rabbit.url()), fast, "compute-a", Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (api != null) {
            api.close();
        }
        if (host != null) {
            host.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Override
    MessageBus apiBus() {
        return api;
    }

    @Override
    MessageBus hostBus() {
        return host;
    }
}
