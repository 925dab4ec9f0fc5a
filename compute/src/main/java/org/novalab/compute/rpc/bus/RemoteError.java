package org.novalab.compute.rpc.bus;

/**
 * oslo.messaging's {@code RemoteError}: the consumer's handler failed; its exception's type and message, never its
 * stack or its arguments.
 */
public class RemoteError extends BusException {
    private final String type;
    private final String remoteMessage;

    public RemoteError(String type, String remoteMessage) {
        super("Remote error: " + type + " " + remoteMessage);
        this.type = type;
        this.remoteMessage = remoteMessage;
    }

    /** The simple name of the exception the handler threw. */
    public String type() {
        return type;
    }

    public String remoteMessage() {
        return remoteMessage;
    }
}
