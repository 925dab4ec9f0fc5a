package org.novalab.compute.rpc.bus;

import java.util.Objects;
import java.util.UUID;

/**
 * One message on the bus: its id (oslo.messaging's {@code _unique_id}, what a consumer remembers to run a message
 * once) and its body. A sender that retries sends the same message, id and all.
 */
public record Message(String id, byte[] body) {
    public Message {
        Objects.requireNonNull(body, "body");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a message needs an id");
        }
    }

    public static Message of(byte[] body) {
        return new Message(UUID.randomUUID().toString(), body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body without a copy, for the bus's own use. */
    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public String toString() {
        return "Message[" + id + ", " + body.length + " bytes]";
    }
}
