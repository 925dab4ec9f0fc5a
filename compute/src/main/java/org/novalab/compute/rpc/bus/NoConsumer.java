package org.novalab.compute.rpc.bus;

/** Nobody consumes the topic: a message sent to it would be dropped (RabbitMQ's "NO_ROUTE" for a mandatory one). */
public class NoConsumer extends BusException {
    private final String topic;

    public NoConsumer(String topic) {
        super("No consumer of topic " + topic);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
