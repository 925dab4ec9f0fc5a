package org.novalab.compute.rpc.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a user sees when transport_url does not lead to a RabbitMQ: a reason, never "null", never the password. */
class RabbitBusConnectTest {
    @Test
    void a_peer_that_is_not_a_broker_gives_a_reason_without_the_password() throws Exception {
        try (ServerSocket notABroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                while (!notABroker.isClosed()) {
                    try (Socket s = notABroker.accept()) {
                        s.getInputStream().read(); // take the AMQP header, answer nothing, hang up
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            TransportUrl url = TransportUrl.parse("rabbit://nova:s3cret-pass@127.0.0.1:" + notABroker.getLocalPort()
                    + "/");

            assertThatThrownBy(() -> RabbitBus.connect(url, RabbitBusIT.FAST, "api", Duration.ofMillis(600)))
                    .isInstanceOf(BusUnavailable.class)
                    .hasMessageStartingWith("cannot connect to rabbit://nova:***@127.0.0.1:")
                    .hasMessageNotContaining("null").hasMessageNotContaining("s3cret-pass")
                    .satisfies(e -> assertThat(e.getMessage().substring(e.getMessage().indexOf("/: ") + 3))
                            .isNotBlank());
        }
    }
}
