package org.novalab.api.compute;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs builds and power actions off the request path on a bounded pool. Work for one instance runs in order
 * (a delete waits for the build it follows); work for different instances runs in parallel.
 */
public final class BuildScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuildScheduler.class);
    private final ThreadPoolExecutor pool;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public BuildScheduler(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "novalab-build-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Queues work for an instance behind the work already queued for it.
     *
     * @throws RejectedExecutionException when the queue is full
     */
    public void submit(String instance, Runnable work) {
        if (pool.getQueue().remainingCapacity() == 0) {
            throw new RejectedExecutionException("the build queue is full");
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(instance, next);
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("task for instance {} failed", instance, e);
            } finally {
                tails.remove(instance, next);
                next.complete(null);
            }
        };
        if (previous == null) {
            pool.execute(guarded);
        } else {
            previous.whenComplete((v, e) -> {
                try {
                    pool.execute(guarded);
                } catch (RejectedExecutionException shuttingDown) {
                    LOG.info("novalab is stopping: queued work for instance {} resumes at the next start", instance);
                    tails.remove(instance, next);
                }
            });
        }
    }

    /** Waits until every queued task has run (tests and shutdown). */
    public void drain(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!tails.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Lets running work finish for a short grace period, then interrupts it. Work that did not finish leaves its
     * instance in BUILD or with a task state; the next start recovers it ({@link ServerService#recover()}).
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(3, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
