package org.novalab.disk.crypto;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Per-cipher pool of initialised JCE ciphers with their scratch buffers: a call borrows one, so concurrent calls
 * never share state and no call allocates once the pool is warm. Unlike a ThreadLocal, the engines die with the
 * cipher that owns them instead of lingering in every thread that ever used it (thread pools outlive images).
 */
final class EnginePool<E> {
    private final ConcurrentLinkedQueue<E> idle = new ConcurrentLinkedQueue<>();
    private final Supplier<E> factory;

    EnginePool(Supplier<E> factory) {
        this.factory = factory;
    }

    E borrow() {
        E engine = idle.poll();
        return engine != null ? engine : factory.get();
    }

    void giveBack(E engine) {
        idle.offer(engine);
    }
}
