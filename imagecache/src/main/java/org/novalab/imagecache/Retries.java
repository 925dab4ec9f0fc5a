package org.novalab.imagecache;

import java.io.IOException;
import java.time.Duration;
import org.novalab.image.ImageNotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's {@code [glance] num_retries}: an action is retried on transient failures ({@link ImageSourceUnavailable}
 * and I/O errors: connection refused or reset, a body cut short, a stall) with exponential backoff. Everything
 * else ({@link ImageNotFound}, a checksum mismatch ...) fails at once.
 */
final class Retries {
    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    private final CacheConfig config;

    Retries(CacheConfig config) {
        this.config = config;
    }

    interface Action<T> {
        T run() throws IOException;
    }

    <T> T run(String imageId, String what, Action<T> action) {
        int retries = config.numRetries();
        for (int n = 0; ; n++) {
            try {
                return action.run();
            } catch (ImageSourceUnavailable | IOException e) {
                if (n >= retries) {
                    throw new ImageFetchFailed("image " + imageId + ": " + what + " failed after " + (n + 1)
                            + " attempt(s): " + e.getMessage(), e);
                }
                Duration wait = config.backoffBefore(n + 1);
                LOG.warn("image {}: {} attempt {} of {} failed ({}); retrying in {} ms", imageId, what, n + 1,
                        retries + 1, e.getMessage(), wait.toMillis());
                sleep(wait);
            }
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageFetchFailed("interrupted while waiting to retry");
        }
    }
}
