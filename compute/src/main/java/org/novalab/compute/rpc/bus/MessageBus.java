package org.novalab.compute.rpc.bus;

import java.time.Duration;

/**
 * oslo.messaging's RPC transport, the seam under the compute door: a {@link #cast} is fire and forget, a
 * {@link #call} waits for the one answer (or {@link MessagingTimeout}), a {@link #fanout} reaches every consumer of
 * a topic. Topics are Nova's: {@code compute.<host>} for one host. Delivery is at least once: a consumer remembers
 * the ids of the messages it took ({@link DeliveredIds}), so a cast delivered again (a publisher's retry after a
 * lost confirm, a broker's redelivery after a lost ack) is not run twice. Bodies are opaque bytes; what they hold is
 * the RPC layer's business ({@code org.novalab.compute.rpc.wire}).
 */
public interface MessageBus extends AutoCloseable {

    /**
     * Hands {@code message} to one consumer of {@code topic} and returns. Throws {@link NoConsumer} when nobody ever
     * consumed the topic (nothing would take it), {@link BusUnavailable} when it could not be handed over.
     */
    void cast(String topic, Message message);

    /**
     * Hands {@code message} to one consumer of {@code topic} and waits up to {@code timeout} for its answer
     * ({@code rpc_response_timeout}). A handler's exception comes back as {@link RemoteError}.
     */
    byte[] call(String topic, Message message, Duration timeout);

    /** Hands {@code message} to every consumer of {@code topic} (oslo.messaging's fanout cast). */
    void fanout(String topic, Message message);

    /**
     * Consumes {@code topic} and its fanout until the subscription is closed. Consumers of one topic share its casts
     * and calls (each message goes to one of them); each gets every fanout.
     */
    Subscription consume(String topic, Handler handler);

    /** The transport's name for operators and logs (never with a password). */
    String describe();

    @Override
    void close();

    /** What a consumer runs for each message; its answer is the reply of a call (ignored for casts). */
    @FunctionalInterface
    interface Handler {
        byte[] handle(Message message, Kind kind);
    }

    /** How a message was sent. */
    enum Kind { CAST, CALL, FANOUT }

    /** A consumer's registration; closing it stops the deliveries. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
