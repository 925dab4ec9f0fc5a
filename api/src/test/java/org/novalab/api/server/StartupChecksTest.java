package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.testing.TestServers;

/** A server that cannot start says why in one line and creates nothing: no state dir, no database file. */
class StartupChecksTest {
    @TempDir
    Path tmp;

    @Test
    void aBusyPortStopsTheStartBeforeTheStateDirIsMade() throws Exception {
        Path state = tmp.resolve("state");
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> TestServers.start(TestServers.config(state).withPort(port), null))
                    .isInstanceOf(StartupError.class)
                    .hasMessage("port " + port + " is in use (--port / NOVALAB_PORT)");
        }
        assertThat(state).doesNotExist();
    }

    @Test
    void aStateDirBelowAFileCannotBeMade() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> StartupChecks.run(TestServers.config(file.resolve("state"))))
                .isInstanceOf(StartupError.class)
                .hasMessage("state dir " + file.resolve("state") + " cannot be created: " + file
                        + " is not a directory (--state / NOVALAB_STATE)");
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsCredentials() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        Path state = tmp.resolve("state");
        ServerConfig config = TestServers.config(state).withDatabase(DatabaseConfig.of(
                "jdbc:postgresql://127.0.0.1:" + closed + "/nova?password=hunter2", "nova", "hunter2"));
        assertThatThrownBy(() -> StartupChecks.run(config)).isInstanceOf(StartupError.class)
                .hasMessageStartingWith("database jdbc:postgresql://127.0.0.1:" + closed + "/nova is unreachable: ")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("\n");
        assertThat(state).doesNotExist();
    }

    @Test
    void urlSettingsThatMayHoldCredentialsAreNotShown() {
        assertThat(StartupChecks.withoutSecrets("jdbc:postgresql://db/nova?user=a&password=b"))
                .isEqualTo("jdbc:postgresql://db/nova");
        assertThat(StartupChecks.withoutSecrets("jdbc:h2:tcp://db/nova;PASSWORD=b")).isEqualTo("jdbc:h2:tcp://db/nova");
        assertThat(StartupChecks.withoutSecrets("jdbc:postgresql://db/nova")).isEqualTo("jdbc:postgresql://db/nova");
    }
}
