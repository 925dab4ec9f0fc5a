package org.novalab.compute.rpc.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.novalab.testing.PrivateRabbit;

/** The bus contract on a real RabbitMQ started by scripts/rabbitmq, and what only a broker can do: go away. */
@Tag("integration")
class RabbitBusIT extends MessageBusContract {
    static final RabbitSettings FAST = new RabbitSettings("nova", Duration.ofSeconds(10), Duration.ofMillis(200),
            Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30));

    static PrivateRabbit rabbit;
    static RabbitBus sender;
    static final List<RabbitBus> consumers = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        rabbit = PrivateRabbit.start();
        sender = connect("api");
    }

    static RabbitBus connect(String name) {
        return RabbitBus.connect(TransportUrl.parse(rabbit.url()), FAST, name, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        consumers.forEach(RabbitBus::close);
        if (sender != null) {
            sender.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Override
    MessageBus sender() {
        return sender;
    }

    @Override
    synchronized MessageBus consumer(int n) {
        while (consumers.size() < n) {
            consumers.add(connect("compute-" + (consumers.size() + 1)));
        }
        return consumers.get(n - 1);
    }

    @Test
    void after_a_broker_restart_both_sides_reconnect_and_a_cast_sent_meanwhile_is_delivered_once()
            throws Exception {
        String topic = topic();
        List<String> ran = new CopyOnWriteArrayList<>();
        try (RabbitBus host = connect("compute-restart");
             MessageBus.Subscription s = host.consume(topic, (m, kind) -> {
                 String body = new String(m.body(), StandardCharsets.UTF_8);
                 if (kind == MessageBus.Kind.CAST) {
                     ran.add(body);
                     return null;
                 }
                 return ("pong " + body).getBytes(StandardCharsets.UTF_8);
             })) {
            assertThat(text(sender.call(topic, text("before"), TIMEOUT))).isEqualTo("pong before");

            rabbit.stopBroker();
            CompletableFuture<Void> during = CompletableFuture.runAsync(() -> sender.cast(topic, text("during")));
            Thread.sleep(500);
            rabbit.startBroker();
            during.get(40, TimeUnit.SECONDS); // the cast retried until the broker took it

            String answer = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (answer == null && System.nanoTime() < deadline) {
                try {
                    answer = text(sender.call(topic, text("after"), Duration.ofSeconds(2)));
                } catch (BusException e) {
                    Thread.sleep(200); // the connections are still coming back
                }
            }
            assertThat(answer).as("a call after the restart").isEqualTo("pong after");
            awaitSize(ran, 1);
            Thread.sleep(300);
            assertThat(ran).as("the cast sent while the broker was down ran once").containsExactly("during");
        }
    }
}
