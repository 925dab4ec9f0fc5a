package org.novalab.compute.rpc.bus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the messages a consumer took, the most recent {@code capacity} of them: a message whose id is here was
 * delivered before and is not run again (at-least-once delivery made idempotent). A redelivery comes soon after the
 * first delivery (a retry, a reconnect), so a bounded memory is enough.
 */
final class DeliveredIds {
    private final Map<String, Boolean> ids;

    DeliveredIds(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code id} is seen: the caller runs the message. */
    synchronized boolean firstTime(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** The message failed before it ran: a redelivery may run it. */
    synchronized void forget(String id) {
        ids.remove(id);
    }
}
