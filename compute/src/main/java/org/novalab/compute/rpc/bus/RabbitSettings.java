package org.novalab.compute.rpc.bus;

import java.time.Duration;

/**
 * oslo.messaging's {@code [oslo_messaging_rabbit]} options that the RabbitMQ bus reads, and the exchange Nova's
 * topics live in ({@code [DEFAULT] control_exchange}, {@code nova}).
 *
 * @param heartbeatTimeout {@code heartbeat_timeout_threshold}: a broker silent this long is taken as gone (0: off)
 * @param retryInterval    {@code rabbit_retry_interval}: the first wait before connecting again
 * @param retryBackoff     {@code rabbit_retry_backoff}: how much longer each next wait is
 * @param intervalMax      {@code rabbit_interval_max}: the longest wait between attempts
 * @param sendTimeout      how long a cast keeps trying while the broker is away before it fails
 */
public record RabbitSettings(String exchange, Duration heartbeatTimeout, Duration retryInterval, Duration retryBackoff,
                             Duration intervalMax, Duration sendTimeout) {
    public static final RabbitSettings OSLO = new RabbitSettings("nova", Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RabbitSettings {
        if (exchange == null || exchange.isBlank()) {
            throw new IllegalArgumentException("control_exchange must not be empty");
        }
        if (retryInterval.isNegative() || retryBackoff.isNegative() || intervalMax.isNegative()
                || heartbeatTimeout.isNegative() || sendTimeout.isNegative()) {
            throw new IllegalArgumentException("rabbit intervals must not be negative");
        }
    }

    /** The wait before attempt {@code attempt} (0 first): oslo's {@code interval + attempt * backoff}, capped. */
    public Duration delay(int attempt) {
        Duration d = retryInterval.plus(retryBackoff.multipliedBy(attempt));
        return d.compareTo(intervalMax) > 0 ? intervalMax : d;
    }
}
