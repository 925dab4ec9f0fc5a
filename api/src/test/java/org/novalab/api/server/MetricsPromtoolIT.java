package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.Scrape;
import org.novalab.testing.RealTools;

/**
 * /metrics as Prometheus itself judges it: a server on the real compute host (test driver, boot emulation) boots a
 * LUKS server, and the scrape passes {@code promtool check metrics} (the exposition format, names, units, help
 * texts) without a word of complaint, with the series an operator graphs there and sane.
 */
@Tag("integration")
class MetricsPromtoolIT {
    @TempDir
    Path dir;

    @Test
    void the_scrape_after_a_boot_passes_promtool_and_holds_the_series_an_operator_graphs() throws Exception {
        Path promtool = RealTools.require("promtool", "prometheus");
        String text;
        try (LabServer lab = new LabServer(dir.resolve("state"))) {
            Api admin = lab.admin();
            String id = lab.boot("vm-graphed", LabServer.LUKS_FLAVOR);
            assertThat(admin.get("/v2.1/servers/" + id).status()).isEqualTo(200);
            assertThat(admin.get("/v2.1/servers/detail").status()).isEqualTo(200);
            lab.awaitIdle();
            text = Api.anonymous(lab.baseUrl()).get("/metrics").body();
        }

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("promtool check metrics").isEmpty();
        assertThat(check.exitValue()).isZero();

        Scrape metrics = new Scrape(text);
        assertThat(metrics.of("http_server_requests_seconds_count{method=\"GET\",route=\"/v2.1/servers/:id\","
                + "status=\"200\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("http_server_requests_seconds_count{method=\"GET\",route=\"/v2.1/servers/detail\","
                + "status=\"200\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("novalab_boots_total")).isEqualTo(1);
        assertThat(metrics.of("novalab_build_seconds_count")).isEqualTo(1);
        assertThat(metrics.of("novalab_build_phase_seconds_count{action=\"spawn\",phase=\"secret\"}")).isEqualTo(1);
        assertThat(metrics.of("novalab_instances{vm_state=\"active\"}")).isEqualTo(1);
        assertThat(metrics.of("novalab_image_cache_misses_total")).isEqualTo(1);
        assertThat(metrics.of("process_uptime_seconds")).isPositive();
    }
}
