package org.novalab.disk.crypto;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Per-cipher pool of initialised JCE ciphers with their scratch buffers: a call borrows one, so concurrent calls
 * never share state and no call allocates once the pool is warm. Unlike a ThreadLocal, the engines die with the
 * cipher that owns them instead of lingering in every thread that ever used it (thread pools outlive images),
 * and closing the pool wipes every engine (its keys), including those given back after the close.
 */
final class EnginePool<E> implements AutoCloseable {
    private final ConcurrentLinkedQueue<E> idle = new ConcurrentLinkedQueue<>();
    private final Supplier<E> factory;
    private final Consumer<E> wipe;
    private volatile boolean closed;

    EnginePool(Supplier<E> factory, Consumer<E> wipe) {
        this.factory = factory;
        this.wipe = wipe;
    }

    E borrow() {
        if (closed) {
            throw new IllegalStateException("cipher already closed: its key is gone");
        }
        E engine = idle.poll();
        return engine != null ? engine : factory.get();
    }

    void giveBack(E engine) {
        if (closed) {
            wipe.accept(engine);
            return;
        }
        idle.offer(engine);
        // a close that drained the pool between the check and the offer has not seen this engine
        if (closed && idle.remove(engine)) {
            wipe.accept(engine);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (E engine = idle.poll(); engine != null; engine = idle.poll()) {
            wipe.accept(engine);
        }
    }
}
