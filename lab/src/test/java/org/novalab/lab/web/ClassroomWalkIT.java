package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.TestServers;
import org.novalab.testing.RealTools;

/**
 * The classroom page in Debian's headless chromium, driven by Playwright ({@code src/test/playwright}, installed by
 * {@code npm ci} in scripts/test): a live server with a plain, a LUKS, a legacy-AES, a boot-from-volume and an
 * ERROR server; the walk logs in, checks each flow, watches the page follow a stop, start, create and delete, runs
 * the lab and logs out. Any browser console error or failed check fails the test; the screenshots stay in
 * {@code target/classroom-walk/}.
 */
@Tag("integration")
class ClassroomWalkIT {
    private static final Path WALK = Path.of("src", "test", "playwright");
    private static final long TIMEOUT_MINUTES = 10;

    @TempDir
    Path state;

    @Test
    void a_teacher_walks_every_kind_of_server_sees_changes_live_runs_the_lab_and_logs_out() throws Exception {
        Path node = RealTools.require("node", "nodejs");
        Path chromium = RealTools.require("chromium", "chromium");
        assertThat(WALK.resolve("node_modules/playwright-core/package.json"))
                .as("playwright-core is installed (scripts/test runs npm ci in " + WALK + ")").isRegularFile();
        Path shots = Files.createDirectories(Path.of("target", "classroom-walk").toAbsolutePath());
        try (LabServer lab = new LabServer(state)) {
            FiveInstances vms = FiveInstances.boot(lab);
            JsonObject cfg = new JsonObject().put("baseUrl", lab.baseUrl()).put("user", "admin")
                    .put("password", TestServers.ADMIN_PASSWORD).put("project", "demo")
                    .put("token", lab.admin().token()).put("image", TestServers.CIRROS)
                    .put("chromium", chromium.toString()).put("screenshots", shots.toString())
                    .put("servers", new JsonObject().put("plain", vms.plain()).put("luks", vms.luks())
                            .put("aes", vms.aes()).put("bfv", vms.bfv()).put("error", vms.error()))
                    .put("names", new JsonObject().put("plain", "vm-plain").put("luks", "vm-luks")
                            .put("aes", "vm-aes").put("bfv", "vm-bfv").put("error", "vm-error"));
            Path log = shots.resolve("walk.log");
            ProcessBuilder pb = new ProcessBuilder(List.of(node.toString(), "classroom-walk.mjs"))
                    .directory(WALK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("CLASSROOM_WALK", cfg.encode());
            Process walk = pb.start();
            if (!walk.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                walk.destroyForcibly().waitFor();
                throw new AssertionError("the walk did not finish in " + TIMEOUT_MINUTES + " minutes: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(walk.exitValue()).as(out).isZero();
            assertThat(out).contains("\"problems\": []");
        }
        for (String kind : List.of("plain", "luks", "aes", "bfv", "error", "live", "lab")) {
            assertThat(shots.resolve("classroom-" + kind + ".png")).isRegularFile()
                    .satisfies(p -> assertThat(Files.size(p)).isGreaterThan(10_000));
        }
    }
}
