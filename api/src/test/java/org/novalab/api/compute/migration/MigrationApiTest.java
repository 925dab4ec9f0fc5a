package org.novalab.api.compute.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.Database;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * {@code /os-migrations}: the moves of servers between hosts, as recorded, in Nova's shape for each microversion.
 * novalab makes none yet, so the records here are written into the database directly, as a move would write them.
 */
class MigrationApiTest {
    @TempDir
    Path state;

    static Api.Response call(Api who, String path, String microversion) {
        return who.send("GET", path, null, Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static JsonArray migrations(Api who, String query, String microversion) {
        Api.Response r = call(who, "/v2.1/os-migrations" + query, microversion);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("migrations");
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    @Test
    void a_deployment_that_moved_no_server_lists_no_migration_and_only_to_admins() throws Exception {
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            Api.Response r = call(admin, "/v2.1/os-migrations", "2.1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().getMap()).containsOnlyKeys("migrations");
            assertThat(r.json().getJsonArray("migrations")).isEmpty();
            assertThat(migrations(admin, "?cell_name=x", "2.58")).as("unknown filters are ignored before 2.59")
                    .isEmpty();
            refused(call(admin, "/v2.1/os-migrations?cell_name=x", "2.59"), 400, "badRequest",
                    "Additional properties are not allowed ('cell_name' was unexpected)");
            refused(call(admin, "/v2.1/os-migrations?limit=x", "2.59"), 400, "badRequest",
                    "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'");
            refused(call(admin, "/v2.1/os-migrations?changes-since=yesterday", "2.59"), 400, "badRequest",
                    "Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a "
                            + "'date-time'");
            Users users = new Users(admin);
            users.user("mia", users.project("ops"), "member");
            Api member = Api.login(server.baseUrl(), "mia", "pw-mia", "ops");
            refused(call(member, "/v2.1/os-migrations", "2.1"), 403, "forbidden",
                    "Policy doesn't allow os_compute_api:os-migrations:index to be performed.");
        }
    }

    @Test
    void recorded_migrations_are_filtered_paged_and_shown_as_each_microversion_shows_them() throws Exception {
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            server.awaitIdle(); // the schema is there
        }
        String vm = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        MigrationEntity resize = new MigrationEntity(UUID.randomUUID().toString(), vm, "resize", "finished", "host-a",
                "host-b", "p1", "u1", t);
        MigrationEntity live = new MigrationEntity(UUID.randomUUID().toString(), vm, "live-migration", "running",
                "host-b", "host-c", "p1", "u1", t.plusSeconds(60));
        MigrationEntity other = new MigrationEntity(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "migration", "error", "host-c", "host-d", "p2", "u2", t.plusSeconds(120));
        try (Database db = Database.open(TestServers.config(state).database(), NovalabServer.ENTITIES, 4)) {
            db.run(s -> {
                s.persist(resize);
                s.persist(live);
                s.persist(other);
            });
        }
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonArray v21 = migrations(admin, "", "2.1");
            assertThat(v21.stream().map(m -> ((JsonObject) m).getString("status")))
                    .containsExactly("finished", "running", "error");
            assertThat(v21.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("id", "status", "instance_uuid",
                    "source_node", "source_compute", "dest_node", "dest_compute", "dest_host", "old_instance_type_id",
                    "new_instance_type_id", "created_at", "updated_at");
            assertThat(v21.getJsonObject(0).getString("created_at")).isEqualTo("2026-11-02T10:00:00.000000");

            assertThat(migrations(admin, "?host=host-b", "2.1")).as("the source or the destination").hasSize(2);
            assertThat(migrations(admin, "?source_compute=host-b", "2.1")).hasSize(1);
            assertThat(migrations(admin, "?instance_uuid=" + vm + "&migration_type=resize", "2.1")).hasSize(1);
            assertThat(migrations(admin, "?status=error", "2.1").getJsonObject(0).getString("dest_compute"))
                    .isEqualTo("host-d");

            JsonArray v223 = migrations(admin, "", "2.23");
            assertThat(v223.getJsonObject(0).getString("migration_type")).isEqualTo("resize");
            assertThat(v223.getJsonObject(0).containsKey("links")).isFalse();
            assertThat(v223.getJsonObject(1).getJsonArray("links").getJsonObject(0).getString("href"))
                    .as("a live migration in progress links to the server's migration")
                    .endsWith("/v2.1/servers/" + vm + "/migrations/" + live.id());

            JsonArray v259 = migrations(admin, "?limit=2", "2.59");
            assertThat(v259.stream().map(m -> ((JsonObject) m).getString("uuid"))).as("newest first")
                    .containsExactly(other.uuid(), live.uuid());
            Api.Response paged = call(admin, "/v2.1/os-migrations?limit=2", "2.59");
            assertThat(paged.json().getJsonArray("migrations_links").getJsonObject(0).getString("href"))
                    .endsWith("/v2.1/os-migrations?limit=2&marker=" + live.uuid());
            assertThat(migrations(admin, "?marker=" + live.uuid(), "2.59").getJsonObject(0).getString("uuid"))
                    .isEqualTo(resize.uuid());
            refused(call(admin, "/v2.1/os-migrations?marker=nope", "2.59"), 400, "badRequest",
                    "Marker nope could not be found.");
            assertThat(v259.getJsonObject(0).containsKey("project_id")).isFalse();
            JsonArray v280 = migrations(admin, "?project_id=p2", "2.80");
            assertThat(v280).hasSize(1);
            assertThat(v280.getJsonObject(0).getMap()).containsEntry("user_id", "u2").containsEntry("project_id", "p2");
        }
    }
}
