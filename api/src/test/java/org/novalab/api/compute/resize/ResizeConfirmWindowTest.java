package org.novalab.api.compute.resize;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Nova's {@code resize_confirm_window}: a resize left waiting longer is confirmed by the periodic task, not before. */
class ResizeConfirmWindowTest {
    @TempDir
    Path state;

    @Test
    void a_resize_waiting_longer_than_the_window_is_confirmed_and_one_without_a_window_waits() throws Exception {
        try (NovalabServer server = TestServers.start(TestServers.config(state)
                .withResizeConfirmWindow(Duration.ofSeconds(2)), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String id = ResizeRestartTest.server(admin, "auto");
            ResizeRestartTest.resize(admin, id);
            admin.awaitStatus(id, "VERIFY_RESIZE");
            long waiting = System.nanoTime();

            JsonObject confirmed = admin.awaitStatus(id, "ACTIVE");

            assertThat(Duration.ofNanos(System.nanoTime() - waiting)).as("not before the window has passed")
                    .isGreaterThan(Duration.ofMillis(1500));
            assertThat(confirmed.getJsonObject("flavor").getString("id")).isEqualTo("2");
            server.awaitIdle();
            assertThat(admin.get("/v2.1/os-migrations").json().getJsonArray("migrations").getJsonObject(0)
                    .getString("status")).isEqualTo("confirmed");
            assertThat(admin.get("/v2.1/servers/" + id + "/os-instance-actions").json()
                    .getJsonArray("instanceActions").getJsonObject(0).getString("action")).isEqualTo("confirmResize");
        }
    }
}
