package org.novalab.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs independent spawn steps at the same time: each mostly waits for its own fsync (the passphrase row, the disk,
 * the instance's metadata files), so together they cost the slowest one, not the sum. Always waits for every step
 * before returning or throwing, so nothing still runs when the caller rolls back or closes the passphrase.
 */
final class ConcurrentSteps {
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "novalab-compute-io");
        t.setDaemon(true);
        return t;
    });

    private ConcurrentSteps() {
    }

    /**
     * Runs every step; rethrows the first failure, with the others attached as suppressed. An {@link Error} of the
     * calling thread's step also waits for the others: a rollback must never race a step still writing.
     */
    static void runAll(List<Runnable> steps) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (Runnable step : steps.subList(1, steps.size())) {
            running.add(CompletableFuture.runAsync(step, IO));
        }
        Throwable failure = null;
        try {
            steps.get(0).run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (CompletableFuture<Void> f : running) {
            try {
                f.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() instanceof RuntimeException || e.getCause() instanceof Error
                        ? e.getCause() : new ComputeException(String.valueOf(e.getCause().getMessage()), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }
}
