package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * {@code osapi_compute_listen} is where the API can be reached, and nowhere else: an operator who binds it to one
 * address must not find it answering on the others. 127.0.0.1 and 127.0.0.2 are both loopback on Linux, so the
 * test needs no network, yet they are distinct addresses to bind.
 */
class ListenAddressTest {
    @TempDir
    Path tmp;

    @Test
    void theApiAnswersOnlyOnTheAddressItWasToldToListenOn() throws Exception {
        ServerConfig config = TestServers.config(tmp.resolve("state")).withHostSettings(withListen("127.0.0.2"));
        try (NovalabServer server = TestServers.start(config, new FakeCompute())) {
            assertThat(connects("127.0.0.2", server.port())).isTrue();
            assertThatThrownBy(() -> connects("127.0.0.1", server.port())).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theWildcardAddressAnswersOnEveryLoopbackAddress() throws Exception {
        ServerConfig config = TestServers.config(tmp.resolve("state")).withHostSettings(withListen("0.0.0.0"));
        try (NovalabServer server = TestServers.start(config, new FakeCompute())) {
            assertThat(connects("127.0.0.1", server.port())).isTrue();
            assertThat(connects("127.0.0.2", server.port())).isTrue();
        }
    }

    private static ServerConfig.HostSettings withListen(String address) {
        ServerConfig.HostSettings d = ServerConfig.HostSettings.DEFAULTS;
        return new ServerConfig.HostSettings(address, d.forceRawImages(), d.baseSubdirectory(), d.luksKeyBits(),
                d.ephemeralEncryption(), d.glanceNumRetries(), d.offeredEncryption());
    }

    private static boolean connects(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return socket.isConnected();
        }
    }
}
