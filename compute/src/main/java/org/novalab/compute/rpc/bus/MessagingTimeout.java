package org.novalab.compute.rpc.bus;

import java.time.Duration;

/** oslo.messaging's {@code MessagingTimeout}: no answer to a call within {@code rpc_response_timeout}. */
public class MessagingTimeout extends BusException {
    public MessagingTimeout(String topic, Duration timeout) {
        super("Timed out waiting for a reply from " + topic + " after " + timeout.toMillis() + " ms"
                + " (rpc_response_timeout)");
    }
}
