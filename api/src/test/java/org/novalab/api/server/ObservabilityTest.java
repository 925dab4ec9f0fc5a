package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.LogCapture;
import org.novalab.api.testing.Scrape;
import org.novalab.api.testing.TestServers;

/**
 * What an operator graphs and reads, on the real compute host (test driver, boot emulation): /metrics names requests
 * by route template, times every build phase, counts a guest that did not boot as a failure, and shows queue,
 * instance states, image bytes, {@code _base} and the JVM; the log has one INFO line per action, the reason of every
 * 4xx, no Java record text, and in json every line is an object with the request id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A record's own toString, e.g. {@code EncryptionChoice[format=Optional[LUKS]]} or {@code Flavor[id=1, ...}. */
    private static final Pattern RECORD_TEXT = Pattern.compile("\\b[A-Z][A-Za-z]+\\[[a-z][A-Za-z]*=");

    @TempDir
    static Path dir;
    LogCapture logs;
    LabServer lab;
    Api admin;
    String luks;

    @BeforeAll
    void start() throws Exception {
        logs = new LogCapture();
        lab = new LabServer(dir.resolve("state"));
        admin = lab.admin();
        luks = lab.boot("vm-luks", LabServer.LUKS_FLAVOR);
        lab.awaitIdle();
    }

    @AfterAll
    void stop() {
        lab.close();
        logs.close();
    }

    private Scrape scrape() {
        Api.Response r = Api.anonymous(lab.baseUrl()).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        return new Scrape(r.body());
    }

    @Test
    void requests_are_timed_by_route_template_never_by_id_and_unknown_paths_share_one_label() {
        assertThat(admin.get("/v2.1/servers/" + luks).status()).isEqualTo(200);
        String missing = UUID.randomUUID().toString();
        assertThat(admin.get("/v2.1/servers/" + missing).status()).isEqualTo(404);
        assertThat(admin.get("/no/such/" + missing).status()).isEqualTo(404);
        assertThat(admin.get("/other/typo").status()).isEqualTo(404);

        Scrape metrics = scrape();
        assertThat(metrics.of("http_server_requests_seconds_count{method=\"GET\",route=\"/v2.1/servers/:id\","
                + "status=\"200\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("http_server_requests_seconds_count{method=\"GET\",route=\"/v2.1/servers/:id\","
                + "status=\"404\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("http_server_requests_seconds_count{method=\"GET\",route=\"-\",status=\"404\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(metrics.of("http_server_requests_seconds_bucket{method=\"POST\",route=\"/v2.1/servers\","
                + "status=\"202\",le=\"+Inf\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("http_server_requests_seconds_sum{method=\"POST\",route=\"/v2.1/servers\","
                + "status=\"202\"}")).isPositive();
        assertThat(metrics.text()).doesNotContain(luks).doesNotContain(missing).doesNotContain("/no/such");
    }

    @Test
    void a_luks_boot_is_counted_and_timed_by_phase_and_the_gauges_show_it() {
        Scrape metrics = scrape();
        assertThat(metrics.of("novalab_boots_total")).isGreaterThanOrEqualTo(1);
        for (String phase : List.of("fetch", "disk", "secret", "define", "start", "guest_boot")) {
            assertThat(metrics.of("novalab_build_phase_seconds_count{action=\"spawn\",phase=\"" + phase + "\"}"))
                    .as(phase).isGreaterThanOrEqualTo(1);
        }
        assertThat(metrics.of("novalab_build_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("novalab_instances{vm_state=\"active\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("novalab_instances{vm_state=\"error\"}")).isZero();
        assertThat(metrics.of("novalab_compute_queue_depth")).isZero();
        assertThat(metrics.of("novalab_compute_in_flight")).isZero();
        assertThat(metrics.of("novalab_image_cache_misses_total")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.of("novalab_image_cache_files")).isGreaterThanOrEqualTo(1);
        // the fixture guest, cirros-sized, fetched raw into _base (another test may add a small image)
        assertThat(metrics.of("novalab_image_cache_size_bytes")).isGreaterThanOrEqualTo(41126400);
        assertThat(metrics.of("novalab_image_cache_fetched_bytes_total")).isGreaterThanOrEqualTo(41126400);
        assertThat(metrics.of("novalab_image_cache_evictions_total")).isZero();
        assertThat(metrics.text()).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_");
        assertThat(metrics.of("jvm_threads_live_threads")).isPositive();
        assertThat(metrics.of("jvm_classes_loaded_classes")).isPositive();
        assertThat(metrics.of("process_uptime_seconds")).isPositive();
        assertThat(metrics.of("process_files_open_files")).isPositive();
        assertThat(metrics.of("system_cpu_logical_processors")).isPositive();
    }

    @Test
    void a_guest_that_did_not_boot_is_a_failure_with_its_reason_and_image_bytes_are_counted() throws Exception {
        byte[] zeros = new byte[1 << 20];
        String image = TestServers.uploadImage(admin, "blank", "raw", zeros, Map.of());
        Api.Response download = admin.get("/v2/images/" + image + "/file");
        assertThat(download.status()).isEqualTo(200);
        Api.Response created = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "vm-blank").put("imageRef", image).put("flavorRef", "1")));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE"); // as Nova: the domain runs, the console tells
        lab.awaitIdle();

        Scrape metrics = scrape();
        assertThat(metrics.of("novalab_boot_failures_total{reason=\"guest_did_not_boot\"}")).isEqualTo(1);
        assertThat(metrics.of("novalab_image_received_bytes_total")).isEqualTo(zeros.length);
        // the download's body: String decoding of zeros keeps their count
        assertThat(metrics.of("novalab_image_sent_bytes_total")).isEqualTo(zeros.length);
        assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
        admin.awaitGone(id);
    }

    @Test
    void power_actions_log_one_info_line_each_and_are_timed() throws Exception {
        String action = "/v2.1/servers/" + luks + "/action";
        assertThat(admin.post(action, "{\"os-stop\": null}").status()).isEqualTo(202);
        admin.awaitStatus(luks, "SHUTOFF");
        assertThat(admin.post(action, "{\"os-start\": null}").status()).isEqualTo(202);
        admin.awaitStatus(luks, "ACTIVE");
        lab.awaitIdle();

        assertThat(lines(logs.text(), "instance " + luks + ": stop done")).hasSize(1);
        assertThat(lines(logs.text(), "instance " + luks + ": start done")).hasSize(1);
        assertThat(lines(logs.text(), "instance " + luks + ": stop done").get(0)).contains("INFO", "now stopped");
        Scrape metrics = scrape();
        assertThat(metrics.of("novalab_action_seconds_count{action=\"stop\",outcome=\"ok\"}")).isEqualTo(1);
        assertThat(metrics.of("novalab_action_seconds_count{action=\"start\",outcome=\"ok\"}")).isEqualTo(1);
    }

    @Test
    void a_rebuild_is_timed_by_phase_and_as_an_action_and_logged_once() throws Exception {
        Api.Response rebuild = admin.post("/v2.1/servers/" + luks + "/action", new JsonObject().put("rebuild",
                new JsonObject().put("imageRef", TestServers.CIRROS)));
        assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(202);
        admin.awaitStatus(luks, "ACTIVE");
        lab.awaitIdle();

        Scrape metrics = scrape();
        for (String phase : List.of("fetch", "disk", "secret", "define", "start", "guest_boot")) {
            assertThat(metrics.of("novalab_build_phase_seconds_count{action=\"rebuild\",phase=\"" + phase + "\"}"))
                    .as(phase).isEqualTo(1);
        }
        assertThat(metrics.of("novalab_action_seconds_count{action=\"rebuild\",outcome=\"ok\"}")).isEqualTo(1);
        assertThat(lines(logs.text(), "instance " + luks + " rebuilt from image " + TestServers.CIRROS)).hasSize(1);
        assertThat(lines(logs.text(), "rebuilt " + luks).get(0)).contains("backend=qcow2 encryption=luks");
    }

    @Test
    void an_error_answer_is_logged_with_its_reason() throws Exception {
        Api.Response refused = admin.post("/v2.1/servers", "{\"server\": {\"name\": \"x\"}}");
        assertThat(refused.status()).isEqualTo(400);
        String requestId = refused.header("x-openstack-request-id");
        String line = awaitLine(requestId);
        assertThat(line).contains("POST /v2.1/servers 400").contains("reason=\"");
        String message = refused.json().getJsonObject("badRequest").getString("message");
        assertThat(line).contains(message.replace("\"", "\\\""));
    }

    @Test
    void json_lines_each_parse_with_time_level_logger_message_and_the_request_id_reaches_the_compute_host()
            throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.json().split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.fieldNames()).toIterable().contains("time", "level", "logger", "message", "request_id");
            assertThat(node.get("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");
            lines.add(node);
        }
        assertThat(lines).isNotEmpty();
        JsonNode active = lines.stream().filter(n -> n.get("message").asText().contains(luks + " (vm-luks) is ACTIVE"))
                .findFirst().orElseThrow();
        assertThat(active.get("level").asText()).isEqualTo("INFO");
        assertThat(active.get("logger").asText()).endsWith("ComputeManager");
        // the build ran on a compute worker; its line names the POST that asked for it
        assertThat(active.get("request_id").asText()).matches("req-[0-9a-f-]{36}");
        assertThat(lines.stream().filter(n -> n.get("logger").asText().equals("novalab.access")
                && n.get("message").asText().startsWith("POST /v2.1/servers 202"))
                .map(n -> n.get("request_id").asText())).contains(active.get("request_id").asText());
    }

    @Test
    void no_log_line_holds_a_java_record_text() {
        for (String line : logs.text().split("\n")) {
            assertThat(RECORD_TEXT.matcher(line).find()).as(line).isFalse();
            assertThat(line).doesNotContain("Optional[");
        }
        assertThat(lines(logs.text(), "spawned " + luks).get(0)).contains("encryption=luks", "creation=backing_file");
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(l -> l.contains(containing)).toList();
    }

    /** The access log writes its line once the answer is sent: it can follow the client's read by a moment. */
    private String awaitLine(String containing) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<String> found = lines(logs.text(), containing);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line with " + containing + ":\n" + logs.text());
    }
}
