package org.novalab.compute.rpc.bus;

import java.time.Duration;

/** The bus a {@code transport_url} names: the in-JVM one, or a connection to RabbitMQ. */
public final class MessageBuses {
    private MessageBuses() {
    }

    /**
     * @param clientName    how the broker lists this connection ({@code novalab-serve:<host>})
     * @param connectTimeout how long a start waits for a broker that is not up yet
     */
    public static MessageBus open(TransportUrl url, RabbitSettings rabbit, String clientName,
                                  Duration connectTimeout) {
        return url.inJvm() ? new InJvmBus() : RabbitBus.connect(url, rabbit, clientName, connectTimeout);
    }
}
