package org.novalab.compute.rpc.bus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of one process (the embedded default of {@code novalab serve}, oslo.messaging's {@code fake://} driver in
 * spirit). It has no queue of its own: a cast runs its consumer's handler on the caller's thread, so what the
 * handler refuses (a compute host whose work queue is full) the caller sees at once, as it did before the bus; the
 * handler of a compute host only hands the work to the host's workers, so the caller does not wait for the work. A
 * call runs on a bus thread so that {@code rpc_response_timeout} holds.
 */
public final class InJvmBus implements MessageBus {
    private static final Logger LOG = LoggerFactory.getLogger(InJvmBus.class);

    private final Map<String, List<Consumer>> topics = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final ExecutorService callers;
    private volatile boolean closed;

    public InJvmBus() {
        AtomicInteger n = new AtomicInteger();
        this.callers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "novalab-bus-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private record Consumer(Handler handler, DeliveredIds delivered) {
    }

    @Override
    public void cast(String topic, Message message) {
        Consumer c = next(topic);
        if (c.delivered().firstTime(message.id())) {
            try {
                c.handler().handle(message, Kind.CAST);
            } catch (RuntimeException e) {
                c.delivered().forget(message.id()); // it did not run: a retry may run it
                throw e;
            }
        } else {
            LOG.debug("message {} to {} was delivered before: not run again", message.id(), topic);
        }
    }

    @Override
    public byte[] call(String topic, Message message, Duration timeout) {
        Consumer c = next(topic);
        Future<byte[]> answer = callers.submit(() -> c.handler().handle(message, Kind.CALL));
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new MessagingTimeout(topic, timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RemoteError(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new BusUnavailable("interrupted while waiting for " + topic, e);
        }
    }

    @Override
    public void fanout(String topic, Message message) {
        requireOpen();
        for (Consumer c : topics.getOrDefault(topic, List.of())) {
            if (!c.delivered().firstTime(message.id())) {
                continue;
            }
            try {
                c.handler().handle(message, Kind.FANOUT);
            } catch (RuntimeException e) {
                LOG.warn("a consumer of {} failed on fanout {}: {}", topic, message.id(), e.toString());
            }
        }
    }

    @Override
    public Subscription consume(String topic, Handler handler) {
        requireOpen();
        Consumer c = new Consumer(handler, new DeliveredIds(10_000));
        topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(c);
        return () -> {
            List<Consumer> consumers = topics.get(topic);
            if (consumers != null) { // gone with a closed bus
                consumers.remove(c);
            }
        };
    }

    @Override
    public String describe() {
        return "in-JVM bus";
    }

    @Override
    public void close() {
        closed = true;
        topics.clear();
        callers.shutdownNow();
    }

    private Consumer next(String topic) {
        requireOpen();
        List<Consumer> consumers = topics.getOrDefault(topic, List.of());
        if (consumers.isEmpty()) {
            throw new NoConsumer(topic);
        }
        int turn = turns.computeIfAbsent(topic, t -> new AtomicInteger()).getAndIncrement();
        try {
            return consumers.get(Math.floorMod(turn, consumers.size()));
        } catch (IndexOutOfBoundsException e) { // one left while we chose
            return next(topic);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new BusUnavailable("the in-JVM bus is closed", null);
        }
    }
}
