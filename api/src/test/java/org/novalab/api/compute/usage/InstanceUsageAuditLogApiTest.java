package org.novalab.api.compute.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.Database;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * {@code /os-instance_usage_audit_log}: each compute host audits the last completed month once (Nova's
 * {@code instance_usage_audit} task) and the log reports how that went, for that month or the last one completed
 * before a given time.
 */
class InstanceUsageAuditLogApiTest {
    static final String HOST = TestServers.HOST;
    @TempDir
    Path state;

    static JsonObject ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    static String path(String before) {
        return "/v2.1/os-instance_usage_audit_log/" + URLEncoder.encode(before, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    static JsonObject awaitAudited(Api admin) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonObject log = ok(admin.get("/v2.1/os-instance_usage_audit_log")).getJsonObject("instance_usage_audit_logs");
            if (log.getInteger("num_hosts_done") == 1 || System.nanoTime() > deadline) {
                return log;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void the_log_shows_each_compute_hosts_audit_of_the_last_completed_month() throws Exception {
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            YearMonth month = YearMonth.now(ZoneOffset.UTC);
            JsonObject log = awaitAudited(admin);
            assertThat(log.getMap()).containsEntry("period_beginning", month.minusMonths(1) + "-01 00:00:00")
                    .containsEntry("period_ending", month + "-01 00:00:00").containsEntry("num_hosts", 1)
                    .containsEntry("num_hosts_done", 1).containsEntry("num_hosts_running", 0)
                    .containsEntry("num_hosts_not_run", 0).containsEntry("total_instances", 0)
                    .containsEntry("total_errors", 0).containsEntry("overall_status", "ALL hosts done. 0 errors.");
            assertThat(log.getJsonArray("hosts_not_run")).isEmpty();
            JsonObject host = log.getJsonObject("log").getJsonObject(HOST);
            assertThat(host.getMap()).containsEntry("state", "DONE").containsEntry("instances", 0)
                    .containsEntry("errors", 0);
            assertThat(host.getString("message")).startsWith("Instance usage audit ran for host " + HOST
                    + ", 0 instances in ");

            JsonObject earlier = ok(admin.get(path("2026-11-15 10:00:00"))).getJsonObject("instance_usage_audit_log");
            assertThat(earlier.getMap()).as("a month nobody audited").containsEntry("period_beginning",
                    "2026-10-01 00:00:00").containsEntry("period_ending", "2026-11-01 00:00:00")
                    .containsEntry("num_hosts_not_run", 1).containsEntry("num_hosts_done", 0)
                    .containsEntry("overall_status", "0 of 1 hosts done. 0 errors.");
            assertThat(earlier.getJsonArray("hosts_not_run")).containsExactly(HOST);
            assertThat(earlier.getJsonObject("log")).isEmpty();
            assertThat(ok(admin.get(path("2026-11-01 00:00:00.5"))).getJsonObject("instance_usage_audit_log")
                    .getString("period_ending")).as("a period ends only after its last moment")
                    .isEqualTo("2026-11-01 00:00:00");
            assertThat(ok(admin.get(path("2026-11-01 00:00:00"))).getJsonObject("instance_usage_audit_log")
                    .getString("period_ending")).isEqualTo("2026-10-01 00:00:00");
            refused(admin.get(path("invalid_time")), 400, "badRequest", "Invalid timestamp for date invalid_time");
            refused(admin.get(path("2026-02-30 10:00:00")), 400, "badRequest",
                    "Invalid timestamp for date 2026-02-30 10:00:00");

            Users users = new Users(admin);
            users.user("mia", users.project("ops"), "member");
            Api member = Api.login(server.baseUrl(), "mia", "pw-mia", "ops");
            refused(member.get("/v2.1/os-instance_usage_audit_log"), 403, "forbidden",
                    "Policy doesn't allow os_compute_api:os-instance-usage-audit-log:list to be performed.");
            refused(member.get(path("2026-11-15 10:00:00")), 403, "forbidden",
                    "Policy doesn't allow os_compute_api:os-instance-usage-audit-log:show to be performed.");
        }
    }

    @Test
    void the_audit_counts_the_servers_a_host_ran_in_the_period_deleted_ones_too() throws Exception {
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String kept = boot(admin, "kept");
            String gone = boot(admin, "gone");
            admin.awaitStatus(kept, "ACTIVE");
            admin.awaitStatus(gone, "ACTIVE");
            assertThat(admin.delete("/v2.1/servers/" + gone).status()).isEqualTo(204);
            admin.awaitGone(gone);
        }
        // a month from now this month is the last completed one: the host audits it
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant nextMonth = month.plusMonths(1).atDay(2).atStartOfDay().toInstant(ZoneOffset.UTC);
        try (Database db = Database.open(TestServers.config(state).database(), NovalabServer.ENTITIES, 4)) {
            InstanceUsageAudit audit = new InstanceUsageAudit(db, Clock.fixed(nextMonth, ZoneOffset.UTC),
                    () -> List.of(HOST));
            audit.run();
            audit.run();
        }
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject log = ok(admin.get(path(month.plusMonths(1) + "-02 00:00:00")))
                    .getJsonObject("instance_usage_audit_log");
            assertThat(log.getMap()).containsEntry("period_beginning", month + "-01 00:00:00")
                    .containsEntry("total_instances", 2).containsEntry("num_hosts_done", 1);
            assertThat(log.getJsonObject("log").getJsonObject(HOST).getString("message"))
                    .as("audited once, however often the task looks").contains(", 2 instances in ");
        }
    }

    static String boot(Api admin, String name) {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }
}
