package org.novalab.compute.rpc.bus;

/** The root of the message bus's errors (oslo.messaging's {@code MessagingException}). */
public class BusException extends RuntimeException {
    public BusException(String message) {
        super(message);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }
}
