package org.novalab.imagecache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic side of {@link ImageCacheManager} (Nova's {@code _run_image_cache_manager_pass}, every
 * {@code image_cache.manager_interval} seconds, 2400 by default). A failing pass is logged, never fatal.
 */
public final class ImageCacheAgingTask implements Runnable {
    public static final Duration NOVA_INTERVAL = Duration.ofSeconds(2400);
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheAgingTask.class);
    private final ImageCacheManager manager;
    private final Supplier<Set<Path>> basesInUse;
    private final Clock clock;
    private final AtomicReference<AgingReport> last = new AtomicReference<>();

    public ImageCacheAgingTask(ImageCacheManager manager, Supplier<Set<Path>> basesInUse, Clock clock) {
        this.manager = manager;
        this.basesInUse = basesInUse;
        this.clock = clock;
    }

    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration interval) {
        return executor.scheduleWithFixedDelay(this, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            last.set(manager.clean(basesInUse.get(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("image cache aging pass failed: {}", e.getMessage());
        }
    }

    public Optional<AgingReport> lastReport() {
        return Optional.ofNullable(last.get());
    }
}
