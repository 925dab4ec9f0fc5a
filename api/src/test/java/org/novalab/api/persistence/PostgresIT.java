package org.novalab.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.compute.HibernateInstanceStore;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TaskStateRace;
import org.novalab.api.testing.TestServers;
import org.novalab.testing.PrivatePostgres;

/**
 * The same schema and mappings on PostgreSQL: a private cluster (Debian's postgresql, initdb + pg_ctl, ~2 s),
 * Flyway migrates it, Hibernate validates against it, and a server created through the API is read back after a
 * restart.
 */
@Tag("integration")
class PostgresIT {
    static PrivatePostgres postgres;
    static int port;

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = PrivatePostgres.start("novalab");
        port = postgres.port();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migrations_run_and_a_server_created_through_the_api_is_read_back_after_a_restart(@TempDir Path state)
            throws Exception {
        DatabaseConfig pg = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/novalab", "novalab", "");
        ServerConfig config = TestServers.config(state).withDatabase(pg);
        String id;
        try (NovalabServer first = TestServers.start(config, new FakeCompute())) {
            Api admin = Api.login(first.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            Api.Response created = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                    .put("name", "on-postgres").put("imageRef", TestServers.CIRROS).put("flavorRef", "101")
                    .put("networks", "none").put("metadata", new JsonObject().put("db", "postgresql"))));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            id = created.json().getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
        }
        try (NovalabServer second = TestServers.start(config, new FakeCompute())) {
            Api admin = Api.login(second.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            JsonObject vm = admin.get("/v2.1/servers/" + id).json().getJsonObject("server");
            assertThat(vm.getString("status")).isEqualTo("ACTIVE");
            assertThat(vm.getJsonObject("metadata").getString("db")).isEqualTo("postgresql");
            assertThat(state.resolve("novalab-db.mv.db")).as("nothing went to H2").doesNotExist();
        }
    }

    /** Nova's own spelling in novalab.conf, {@code [database] connection = postgresql+psycopg2://...}, reaches it. */
    @Test
    void a_sqlalchemy_url_in_a_config_file_connects_to_postgresql(@TempDir Path state) throws Exception {
        Path conf = Files.writeString(state.resolve("novalab.conf"), """
                [DEFAULT]
                state_path = %s
                osapi_compute_listen_port = 0
                host = %s

                [database]
                connection = postgresql+psycopg2://novalab@127.0.0.1:%d/novalab?ApplicationName=novalab-config

                [keystone]
                admin_password = %s
                """.formatted(state, TestServers.HOST, port, TestServers.ADMIN_PASSWORD));
        ServerConfig config = org.novalab.api.config.ServerConfigs.from(org.novalab.api.config.EffectiveConfig.load(
                new org.novalab.api.config.EffectiveConfig.Inputs(List.of(conf), List.of(), java.util.Map.of(),
                        java.util.Map.of())), java.util.Map.of());
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port
                + "/novalab?ApplicationName=novalab-config");
        try (NovalabServer server = TestServers.start(config, new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(admin.get("/v2.1/servers").status()).isEqualTo(200);
            assertThat(state.resolve("novalab-db.mv.db")).as("nothing went to H2").doesNotExist();
        }
    }

    /**
     * PostgreSQL cannot store or even compare a text holding U+0000, which H2 does without complaint: a NUL in a
     * body's text or in a path or query is refused with a 4xx here too, never a database error's 500.
     */
    @Test
    void a_nul_character_in_a_body_path_or_query_is_refused_and_not_a_database_error(@TempDir Path state)
            throws Exception {
        DatabaseConfig pg = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/novalab", "novalab", "");
        try (NovalabServer server = TestServers.start(TestServers.config(state).withDatabase(pg), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String nul = "a\u0000b";
            List<Api.Response> refused = List.of(
                    admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "nul")
                            .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none")
                            .put("metadata", new JsonObject().put("k", nul)))),
                    admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "nul")
                            .put("imageRef", TestServers.CIRROS).put("flavorRef", "1\u0000").put("networks", "none"))),
                    admin.post("/v2/images", new JsonObject().put("name", nul)),
                    admin.post("/v2/images", new JsonObject().put("name", "n").put("hw_disk_bus", nul)),
                    admin.post("/identity/v3/projects", new JsonObject().put("project", new JsonObject().put("name", nul))),
                    admin.post("/v2.1/flavors/1/os-extra_specs", new JsonObject().put("extra_specs",
                            new JsonObject().put("k", nul))),
                    Api.anonymous(server.baseUrl()).send("POST", "/identity/v3/auth/tokens",
                            Api.passwordAuth(nul, "x", "demo"), java.util.Map.of()),
                    admin.get("/v2.1/flavors/%00"), admin.get("/v2/images/%00"), admin.get("/v2.1/servers/%00"),
                    admin.get("/v2.1/servers?marker=%00"), admin.get("/v2.1/servers?image=%00"),
                    admin.get("/v2/images?marker=a%00"), admin.delete("/v2.1/flavors/1/os-extra_specs/%00"));
            for (Api.Response r : refused) {
                assertThat(r.status()).as(r.body()).isBetween(400, 499);
            }
        }
    }

    /**
     * Keystone's deletes on PostgreSQL, whose foreign keys H2 might forgive differently: a project that is a user's
     * default project, a disabled domain with a project hierarchy and users. Nothing is left half-made.
     */
    @Test
    void deleting_projects_users_and_domains_keeps_every_foreign_key(@TempDir Path state) throws Exception {
        DatabaseConfig pg = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/novalab", "novalab", "");
        try (NovalabServer server = TestServers.start(TestServers.config(state).withDatabase(pg), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String domain = admin.post("/identity/v3/domains", new JsonObject().put("domain",
                    new JsonObject().put("name", "pg-domain"))).json().getJsonObject("domain").getString("id");
            String top = admin.post("/identity/v3/projects", new JsonObject().put("project", new JsonObject()
                    .put("name", "pg-top").put("domain_id", domain))).json().getJsonObject("project").getString("id");
            String leaf = admin.post("/identity/v3/projects", new JsonObject().put("project", new JsonObject()
                    .put("name", "pg-leaf").put("parent_id", top))).json().getJsonObject("project").getString("id");
            String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject()
                    .put("name", "pg-user").put("password", "pw").put("default_project_id", leaf))).json()
                    .getJsonObject("user").getString("id");
            assertThat(admin.send("PUT", "/identity/v3/projects/" + leaf + "/users/" + user + "/roles/member", null,
                    java.util.Map.of()).status()).isEqualTo(204);
            Api.Response login = Api.anonymous(server.baseUrl()).post("/identity/v3/auth/tokens", new JsonObject()
                    .put("auth", new JsonObject().put("identity", new JsonObject()
                            .put("methods", new io.vertx.core.json.JsonArray().add("password"))
                            .put("password", new JsonObject().put("user", new JsonObject().put("id", user)
                                    .put("password", "pw"))))
                            .put("scope", new JsonObject().put("project", new JsonObject().put("id", leaf)))));
            assertThat(login.status()).as(login.body()).isEqualTo(201);
            Api member = new Api(server.baseUrl(), login.header("X-Subject-Token"));
            assertThat(member.get("/v2.1/servers").status()).isEqualTo(200);

            assertThat(admin.delete("/identity/v3/projects/" + leaf).status()).isEqualTo(204);
            assertThat(admin.get("/identity/v3/users/" + user).json().getJsonObject("user")
                    .containsKey("default_project_id")).isFalse();
            assertThat(member.get("/v2.1/servers").status()).isEqualTo(401);
            assertThat(admin.send("PATCH", "/identity/v3/domains/" + domain, new JsonObject().put("domain",
                    new JsonObject().put("enabled", false)).encode(), java.util.Map.of()).status()).isEqualTo(200);
            assertThat(admin.delete("/identity/v3/domains/" + domain).status()).isEqualTo(204);
            assertThat(admin.get("/identity/v3/projects/" + top).status()).isEqualTo(404);
            assertThat(admin.delete("/identity/v3/users/" + user).status()).isEqualTo(204);
        }
    }

    /** Two servers on one database: a token revoked through one is refused by the other within seconds. */
    @Test
    void a_token_revoked_on_one_server_is_refused_by_another_sharing_the_database(@TempDir Path one,
            @TempDir Path two) throws Exception {
        DatabaseConfig pg = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/novalab", "novalab", "");
        try (NovalabServer a = TestServers.start(TestServers.config(one).withDatabase(pg), new FakeCompute());
             NovalabServer b = TestServers.start(TestServers.config(two).withDatabase(pg), new FakeCompute())) {
            Api onA = Api.login(a.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            Api sameOnB = new Api(b.baseUrl(), onA.token());
            assertThat(sameOnB.get("/v2.1/flavors").status()).isEqualTo(200);

            assertThat(onA.send("DELETE", "/identity/v3/auth/tokens", null, java.util.Map.of("X-Subject-Token",
                    onA.token())).status()).isEqualTo(204);

            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            int status = sameOnB.get("/v2.1/flavors").status();
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = sameOnB.get("/v2.1/flavors").status();
            }
            assertThat(status).isEqualTo(401);
        }
    }

    @Test
    void of_two_servers_sharing_postgresql_only_one_starts_an_action_on_an_instance(@TempDir Path state)
            throws Exception {
        DatabaseConfig pg = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:" + port + "/novalab", "novalab", "");
        String id;
        try (NovalabServer server = TestServers.start(TestServers.config(state).withDatabase(pg), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", "raced")
                    .put("imageRef", TestServers.CIRROS).put("flavorRef", "1").put("networks", "none"))).json()
                    .getJsonObject("server").getString("id");
            admin.awaitStatus(id, "ACTIVE");
        }
        try (Database one = Database.open(pg, NovalabServer.ENTITIES, 10);
             Database two = Database.open(pg, NovalabServer.ENTITIES, 10)) {
            List<HibernateInstanceStore.Refusal> results = TaskStateRace.run(one, two, UUID.fromString(id));
            assertThat(results).filteredOn(r -> r == HibernateInstanceStore.Refusal.NONE).hasSize(1);
            assertThat(results).filteredOn(r -> r != HibernateInstanceStore.Refusal.NONE)
                    .containsOnly(HibernateInstanceStore.Refusal.BUSY);
        }
    }
}
