package org.novalab.compute.rpc.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageBus} promises, oslo.messaging's semantics: run against the in-JVM bus
 * ({@link InJvmBusTest}) and RabbitMQ ({@link RabbitBusIT}). The sender and the consumers use their own bus
 * objects (for RabbitMQ their own connections), as the API and a compute host do.
 */
abstract class MessageBusContract {
    /** The API's side. */
    abstract MessageBus sender();

    /** A compute host's side; a second call gives a second consumer (another process, for RabbitMQ). */
    abstract MessageBus consumer(int n);

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static String topic() {
        return "compute.test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Message text(String s) {
        return Message.of(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void a_cast_reaches_a_consumer_of_its_topic_and_the_sender_does_not_wait_for_an_answer() throws Exception {
        String topic = topic();
        List<String> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (MessageBus.Subscription s = consumer(1).consume(topic, (m, kind) -> {
            got.add(kind + " " + text(m.body()));
            done.countDown();
            return null;
        })) {
            sender().cast(topic, text("build_and_run_instance"));
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(got).containsExactly("CAST build_and_run_instance");
        }
    }

    @Test
    void a_call_returns_the_consumers_answer() {
        String topic = topic();
        try (MessageBus.Subscription s = consumer(1).consume(topic,
                (m, kind) -> ("answer to " + text(m.body())).getBytes(StandardCharsets.UTF_8))) {
            assertThat(text(sender().call(topic, text("get_console_output"), TIMEOUT)))
                    .isEqualTo("answer to get_console_output");
            assertThat(text(sender().call(topic, text("second"), TIMEOUT))).isEqualTo("answer to second");
        }
    }

    @Test
    void a_call_nobody_answers_in_time_is_a_messaging_timeout() {
        String topic = topic();
        CountDownLatch release = new CountDownLatch(1);
        try (MessageBus.Subscription s = consumer(1).consume(topic, (m, kind) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[0];
        })) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> sender().call(topic, text("slow"), Duration.ofMillis(400)))
                    .isInstanceOf(MessagingTimeout.class).hasMessageContaining("rpc_response_timeout")
                    .hasMessageContaining(topic);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).as("waited for the timeout, not for the handler").isBetween(350L, 3000L);
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_handler_that_fails_a_call_is_answered_as_a_remote_error_with_its_type_and_message() {
        String topic = topic();
        try (MessageBus.Subscription s = consumer(1).consume(topic, (m, kind) -> {
            throw new IllegalStateException("the host's disk is full");
        })) {
            assertThatThrownBy(() -> sender().call(topic, text("x"), TIMEOUT)).isInstanceOf(RemoteError.class)
                    .satisfies(e -> {
                        assertThat(((RemoteError) e).type()).isEqualTo("IllegalStateException");
                        assertThat(((RemoteError) e).remoteMessage()).isEqualTo("the host's disk is full");
                    });
        }
    }

    @Test
    void a_fanout_reaches_every_consumer_while_a_cast_reaches_one() throws Exception {
        String topic = topic();
        AtomicInteger casts = new AtomicInteger();
        CountDownLatch fanouts = new CountDownLatch(2);
        MessageBus.Handler h = (m, kind) -> {
            if (kind == MessageBus.Kind.FANOUT) {
                fanouts.countDown();
            } else {
                casts.incrementAndGet();
            }
            return null;
        };
        try (MessageBus.Subscription a = consumer(1).consume(topic, h);
             MessageBus.Subscription b = consumer(2).consume(topic, h)) {
            sender().fanout(topic, text("host-wide notice"));
            assertThat(fanouts.await(10, TimeUnit.SECONDS)).as("both consumers got the fanout").isTrue();
            for (int i = 0; i < 10; i++) {
                sender().cast(topic, text("cast " + i));
            }
            awaitCount(casts, 10);
            Thread.sleep(300);
            assertThat(casts.get()).as("each cast ran on one consumer only").isEqualTo(10);
        }
    }

    @Test
    void a_cast_delivered_again_with_the_same_id_is_not_run_twice() throws Exception {
        String topic = topic();
        List<String> ran = new CopyOnWriteArrayList<>();
        try (MessageBus.Subscription s = consumer(1).consume(topic, (m, kind) -> {
            ran.add(text(m.body()));
            return null;
        })) {
            Message once = text("terminate_instance");
            sender().cast(topic, once);
            sender().cast(topic, once); // a sender's retry after a lost confirm sends the same message
            sender().cast(topic, text("another"));
            awaitSize(ran, 2);
            Thread.sleep(300);
            assertThat(ran).containsExactlyInAnyOrder("terminate_instance", "another");
        }
    }

    @Test
    void a_topic_nobody_consumes_is_refused_rather_than_lost() {
        String topic = topic();
        assertThatThrownBy(() -> sender().cast(topic, text("x"))).isInstanceOf(NoConsumer.class);
        assertThatThrownBy(() -> sender().call(topic, text("x"), TIMEOUT)).isInstanceOf(NoConsumer.class);
    }

    static void awaitCount(AtomicInteger n, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    static void awaitSize(List<?> l, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (l.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
