package org.novalab.api.compute;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who wants to hear that an instance's row changed (created, a task begun or ended, an error, gone): the classroom's
 * live page, say. The instance store announces each change after its transaction committed; a listener must only
 * hand the news on (to an event loop), since it runs on the thread that made the change, a build's among them.
 * With no listener an announcement costs one empty-list check.
 */
public final class InstanceChanges {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceChanges.class);
    private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();

    /** Starts telling {@code listener}; the returned handle stops it. */
    public Runnable listen(Consumer<UUID> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void changed(UUID instance) {
        for (Consumer<UUID> l : listeners) {
            try {
                l.accept(instance);
            } catch (RuntimeException e) {
                // a listener's failure is its own: the change it was told of stands
                LOG.warn("a listener of instance changes failed: {}", e.toString());
            }
        }
    }
}
