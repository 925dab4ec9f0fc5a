package org.novalab.compute.rpc.bus;

/** The message could not be handed to the bus (the broker is down for longer than the sender waits). */
public class BusUnavailable extends BusException {
    public BusUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
