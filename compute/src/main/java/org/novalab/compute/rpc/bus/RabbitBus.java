package org.novalab.compute.rpc.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute RPC over RabbitMQ (AMQP 0-9-1), laid out as oslo.messaging's rabbit driver lays it out: a durable
 * topic exchange ({@code control_exchange}, {@code nova}) with one durable queue per topic bound by its name, and
 * for each topic a fanout exchange {@code <topic>_fanout} into which every consumer binds its own exclusive queue.
 * Casts are persistent, mandatory (a topic nobody ever declared is {@link NoConsumer}) and confirmed by the broker
 * before {@link #cast} returns; calls go out with RabbitMQ's direct reply-to ({@code amq.rabbitmq.reply-to}) and
 * expire with their timeout. A consumer acks a message only once its handler took it, so a message whose consumer
 * died is delivered again; the ids it took are remembered, so it runs once. When the broker goes away, the
 * connection comes back by itself with oslo's growing waits ({@link RabbitSettings#delay}), its queues, bindings
 * and consumers declared again; a cast meanwhile retries the same message until {@code sendTimeout}.
 */
public final class RabbitBus implements MessageBus {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitBus.class);
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";
    private static final String ERROR_TYPE = "x-novalab-error-type";

    private final TransportUrl url;
    private final RabbitSettings settings;
    private final Connection connection;
    private final Object publishLock = new Object();
    private final Channel publisher;
    private final Map<String, CompletableFuture<byte[]>> pendingCalls = new ConcurrentHashMap<>();
    private final Map<String, String> pendingTopics = new ConcurrentHashMap<>();
    private final Set<String> returnedCasts = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private volatile boolean closed;

    private RabbitBus(TransportUrl url, RabbitSettings settings, Connection connection, ExecutorService workers)
            throws IOException {
        this.url = url;
        this.settings = settings;
        this.connection = connection;
        this.workers = workers;
        this.publisher = connection.createChannel();
        publisher.confirmSelect();
        publisher.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
        publisher.addReturnListener(r -> {
            String id = r.getProperties().getCorrelationId();
            CompletableFuture<byte[]> call = id == null ? null : pendingCalls.get(id);
            if (call != null) {
                call.completeExceptionally(new NoConsumer(r.getRoutingKey()));
            } else if (r.getProperties().getMessageId() != null) {
                returnedCasts.add(r.getProperties().getMessageId());
            }
        });
        // direct reply-to: the answers of this connection's calls come to this consumer of the publishing channel
        publisher.basicConsume(REPLY_TO, true, new DefaultConsumer(publisher) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                CompletableFuture<byte[]> call = pendingCalls.get(props.getCorrelationId());
                if (call == null) {
                    return; // the caller gave up (timeout); its answer is dropped
                }
                Object type = props.getHeaders() == null ? null : props.getHeaders().get(ERROR_TYPE);
                if (type != null) {
                    call.completeExceptionally(new RemoteError(type.toString(),
                            new String(body, StandardCharsets.UTF_8)));
                } else {
                    call.complete(body);
                }
            }
        });
    }

    /**
     * Connects to the broker of {@code url}, trying again with oslo's waits until {@code connectTimeout}: a service
     * may start before its broker.
     */
    public static RabbitBus connect(TransportUrl url, RabbitSettings settings, String clientName,
                                    Duration connectTimeout) {
        if (url.inJvm()) {
            throw new IllegalArgumentException("the in-JVM transport is not RabbitMQ");
        }
        ConnectionFactory factory = new ConnectionFactory();
        TransportUrl.Host first = url.hosts().get(0);
        factory.setUsername(first.username().isEmpty() ? "guest" : first.username());
        factory.setPassword(first.password().length == 0 ? "guest" : new String(first.password()));
        factory.setVirtualHost(url.virtualHostOrDefault());
        factory.setRequestedHeartbeat((int) settings.heartbeatTimeout().toSeconds());
        factory.setConnectionTimeout((int) Math.max(1000, Math.min(connectTimeout.toMillis(), 10_000)));
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setRecoveryDelayHandler(attempt -> settings.delay(Math.max(0, attempt - 1)).toMillis());
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "novalab-rabbit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Address[] addresses = url.hosts().stream().map(h -> new Address(h.hostname(), h.port()))
                .toArray(Address[]::new);
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        Exception last = null;
        for (int attempt = 0; ; attempt++) {
            try {
                Connection c = factory.newConnection(addresses, clientName);
                LOG.info("connected to {} as {}", url, clientName);
                return new RabbitBus(url, settings, c, workers);
            } catch (IOException | TimeoutException e) {
                last = e;
            }
            long wait = settings.delay(attempt).toMillis();
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait) > deadline) {
                workers.shutdownNow();
                throw new BusUnavailable("cannot connect to " + url + ": " + reason(last), last);
            }
            LOG.warn("cannot connect to {} ({}); trying again in {} ms", url, reason(last), wait);
            sleep(wait);
        }
    }

    /**
     * Why a connection failed, in words: the client wraps a broker's refusal (or a peer that is not a broker
     * closing the socket) in an IOException without a message of its own.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t == e ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName() + " (the peer closed the connection during the AMQP handshake)";
    }

    @Override
    public void cast(String topic, Message message) {
        publishConfirmed(settings.exchange(), topic, message);
    }

    @Override
    public void fanout(String topic, Message message) {
        try {
            synchronized (publishLock) {
                publisher.exchangeDeclare(fanoutExchange(topic), BuiltinExchangeType.FANOUT, false, true, null);
            }
        } catch (IOException e) {
            throw new BusUnavailable("cannot declare the fanout exchange of " + topic, e);
        }
        publishConfirmed(fanoutExchange(topic), "", message);
    }

    /** Publishes persistently and waits for the broker's confirm; a lost connection sends the same message again. */
    private void publishConfirmed(String exchange, String routingKey, Message message) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(message.id()).deliveryMode(2)
                .type(exchange.equals(settings.exchange()) ? Kind.CAST.name() : Kind.FANOUT.name()).build();
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        for (int attempt = 0; ; attempt++) {
            requireOpen();
            try {
                synchronized (publishLock) {
                    // mandatory to the topic exchange: a topic nobody declared comes back instead of vanishing
                    publisher.basicPublish(exchange, routingKey, exchange.equals(settings.exchange()), props,
                            message.bodyUnsafe());
                    if (!publisher.waitForConfirms(settings.sendTimeout().toMillis())) {
                        throw new IOException("the broker refused message " + message.id());
                    }
                }
                if (returnedCasts.remove(message.id())) {
                    throw new NoConsumer(routingKey);
                }
                return;
            } catch (IOException | ShutdownSignalException | TimeoutException
                     | IllegalStateException e) {
                long wait = Math.min(settings.delay(attempt).toMillis(), 1000);
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait) > deadline) {
                    throw new BusUnavailable("cannot send to " + routingKey + " on " + url + ": " + e, e);
                }
                LOG.warn("sending {} to {} failed ({}); trying again in {} ms", message.id(), routingKey, e.toString(),
                        wait);
                sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusUnavailable("interrupted while sending to " + routingKey, e);
            }
        }
    }

    @Override
    public byte[] call(String topic, Message message, Duration timeout) {
        String correlation = message.id();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        pendingCalls.put(correlation, answer);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().messageId(message.id())
                    .correlationId(correlation).replyTo(REPLY_TO).type(Kind.CALL.name())
                    .expiration(Long.toString(Math.max(1, timeout.toMillis()))).build();
            for (int attempt = 0; ; attempt++) {
                requireOpen();
                try {
                    synchronized (publishLock) {
                        publisher.basicPublish(settings.exchange(), topic, true, props, message.bodyUnsafe());
                    }
                    break;
                } catch (IOException | ShutdownSignalException e) {
                    long wait = Math.min(settings.delay(attempt).toMillis(), 500);
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait) > deadline) {
                        throw new MessagingTimeout(topic, timeout);
                    }
                    sleep(wait);
                }
            }
            try {
                return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new MessagingTimeout(topic, timeout);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BusException b) {
                    throw b;
                }
                throw new BusException("call to " + topic + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusUnavailable("interrupted while waiting for " + topic, e);
            }
        } finally {
            pendingCalls.remove(correlation);
        }
    }

    @Override
    public Subscription consume(String topic, Handler handler) {
        requireOpen();
        try {
            Channel ch = connection.createChannel();
            ch.basicQos(64);
            ch.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
            ch.queueDeclare(topic, true, false, false, null);
            ch.queueBind(topic, settings.exchange(), topic);
            ch.exchangeDeclare(fanoutExchange(topic), BuiltinExchangeType.FANOUT, false, true, null);
            String fanoutQueue = ch.queueDeclare().getQueue(); // exclusive, auto-delete, server-named
            ch.queueBind(fanoutQueue, fanoutExchange(topic), "");
            DeliveredIds delivered = new DeliveredIds(10_000);
            DefaultConsumer consumer = new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                    workers.execute(() -> deliver(ch, topic, handler, delivered, env, props, body));
                }
            };
            String topicTag = ch.basicConsume(topic, false, consumer);
            String fanoutTag = ch.basicConsume(fanoutQueue, false, consumer);
            LOG.info("consuming {} on {}", topic, url);
            return () -> {
                try {
                    ch.basicCancel(topicTag);
                    ch.basicCancel(fanoutTag);
                    ch.close();
                } catch (IOException | TimeoutException | AlreadyClosedException e) {
                    LOG.debug("closing the consumer of {}: {}", topic, e.toString());
                }
            };
        } catch (IOException e) {
            throw new BusUnavailable("cannot consume " + topic + " on " + url, e);
        }
    }

    private void deliver(Channel ch, String topic, Handler handler, DeliveredIds delivered, Envelope env,
                         AMQP.BasicProperties props, byte[] body) {
        String id = props.getMessageId() == null ? "delivery-" + env.getDeliveryTag() : props.getMessageId();
        Kind kind = kindOf(props.getType());
        if (kind != Kind.CALL && !delivered.firstTime(id)) {
            LOG.debug("message {} to {} was delivered before: not run again", id, topic);
            ack(ch, env);
            return;
        }
        byte[] reply = null;
        String errorType = null;
        try {
            reply = handler.handle(new Message(id, body), kind);
        } catch (RejectedExecutionException e) {
            // the host's work queue is full: the message stays on the broker and comes back a little later
            delivered.forget(id);
            sleep(100);
            nack(ch, env);
            return;
        } catch (RuntimeException e) {
            errorType = e.getClass().getSimpleName();
            reply = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
            if (kind != Kind.CALL) {
                LOG.error("{} {} to {} failed: {}", kind, id, topic, e.toString());
            }
        }
        if (kind == Kind.CALL && props.getReplyTo() != null) {
            AMQP.BasicProperties.Builder answer = new AMQP.BasicProperties.Builder()
                    .correlationId(props.getCorrelationId());
            if (errorType != null) {
                answer.headers(Map.of(ERROR_TYPE, errorType));
            }
            try {
                synchronized (ch) {
                    ch.basicPublish("", props.getReplyTo(), answer.build(), reply == null ? new byte[0] : reply);
                }
            } catch (IOException | AlreadyClosedException e) {
                LOG.warn("the answer to {} on {} was lost: {}", id, topic, e.toString());
            }
        }
        ack(ch, env);
    }

    /** How the message was sent; one without our type (another client's) is taken as a cast, not left unacked. */
    private static Kind kindOf(String type) {
        for (Kind k : Kind.values()) {
            if (k.name().equals(type)) {
                return k;
            }
        }
        return Kind.CAST;
    }

    private static void ack(Channel ch, Envelope env) {
        try {
            synchronized (ch) {
                ch.basicAck(env.getDeliveryTag(), false);
            }
        } catch (IOException | AlreadyClosedException e) {
            // the channel went with the connection: the broker delivers the message again, and its id is known
            LOG.debug("ack of {} lost: {}", env.getDeliveryTag(), e.toString());
        }
    }

    private static void nack(Channel ch, Envelope env) {
        try {
            synchronized (ch) {
                ch.basicNack(env.getDeliveryTag(), false, true);
            }
        } catch (IOException | AlreadyClosedException e) {
            LOG.debug("nack of {} lost: {}", env.getDeliveryTag(), e.toString());
        }
    }

    private static String fanoutExchange(String topic) {
        return topic + "_fanout";
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public void close() {
        closed = true;
        try {
            connection.close(5000);
        } catch (IOException | AlreadyClosedException e) {
            LOG.debug("closing the connection to {}: {}", url, e.toString());
        }
        workers.shutdown();
        try {
            workers.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    private void requireOpen() {
        if (closed) {
            throw new BusUnavailable("the bus to " + url + " is closed", null);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
