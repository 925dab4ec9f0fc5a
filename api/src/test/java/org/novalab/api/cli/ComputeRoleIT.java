package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.JCommander;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.TestServers;
import org.novalab.fixture.FixtureGuest;
import org.novalab.testing.PrivatePostgres;
import org.novalab.testing.PrivateRabbit;

/**
 * The split roles as a deployment runs them, over a real RabbitMQ ({@code scripts/rabbitmq}) and a real PostgreSQL
 * (a private cluster): {@code serve} as the api role ({@code [novalab] local_compute = false}) in this JVM, and one
 * {@code novalab compute} in a second JVM, sharing only the broker, the database, the master key file and the
 * on-disk storage cluster. A LUKS server is built on the compute service: its disk and libvirt
 * secret are in the compute's instances_path and nowhere in the api's, and its delete removes both.
 */
@Tag("integration")
class ComputeRoleIT {
    static final String COMPUTE_HOST = "compute-1";
    static PrivateRabbit rabbit;
    static PrivatePostgres postgres;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBrokerAndDatabase() throws Exception {
        rabbit = PrivateRabbit.start();
        postgres = PrivatePostgres.start("nova");
    }

    @AfterAll
    static void stopBrokerAndDatabase() throws Exception {
        try {
            if (rabbit != null) {
                rabbit.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void a_luks_server_is_built_by_a_compute_service_in_its_own_jvm_and_its_delete_removes_disk_and_secret()
            throws Exception {
        Path apiState = tmp.resolve("api");
        Path computeState = tmp.resolve("compute-1");
        String db = postgres.jdbcUrl();
        Map<String, String> dbUser = Map.of("NOVALAB_DB_USER", "nova", "NOVALAB_DB_PASSWORD", "nova-db");
        Path apiConf = Files.writeString(tmp.resolve("api.conf"), """
                [DEFAULT]
                state_path = %s
                host = api-host
                osapi_compute_listen = 127.0.0.1
                osapi_compute_listen_port = 0
                transport_url = %s

                [database]
                connection = %s

                [keystone]
                admin_password = %s

                [novalab]
                local_compute = false
                """.formatted(apiState, rabbit.url(), db, TestServers.ADMIN_PASSWORD));
        ServeCommand serve = new ServeCommand(new LibvirtComputeServices(), dbUser);
        JCommander.newBuilder().addObject(serve).build().parse("--config-file", apiConf.toString());

        try (NovalabServer api = NovalabServer.start(serve.config(), serve.computeServices())) {
            Api admin = Api.login(api.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(computeServices(admin)).as("the api role runs no compute service").isEmpty();

            Path computeConf = Files.writeString(tmp.resolve("compute.conf"), """
                    [DEFAULT]
                    state_path = %s
                    host = %s
                    transport_url = %s

                    [database]
                    connection = %s

                    [key_manager]
                    master_key_file = %s

                    [novalab]
                    cluster_path = %s
                    """.formatted(computeState, COMPUTE_HOST, rabbit.url(), db, apiState.resolve("master.key"),
                    apiState.resolve("pool")));
            Process compute = startCompute(computeConf, dbUser);
            try {
                JsonObject service = awaitComputeService(admin);
                assertThat(service.getString("state")).isEqualTo("up");
                assertThat(service.getString("status")).isEqualTo("enabled");
                JsonArray hypervisors = admin.get("/v2.1/os-hypervisors").json().getJsonArray("hypervisors");
                assertThat(hypervisors.stream().map(h -> ((JsonObject) h).getString("hypervisor_hostname")))
                        .containsExactly(COMPUTE_HOST);

                String id = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                                .put("name", "remote-luks").put("imageRef", TestServers.CIRROS).put("flavorRef", "101")
                                .put("networks", "none")))
                        .json().getJsonObject("server").getString("id");
                JsonObject active = admin.awaitStatus(id, "ACTIVE", "ERROR");
                assertThat(active.getString("status")).as(active.encodePrettily()).isEqualTo("ACTIVE");
                assertThat(active.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(COMPUTE_HOST);

                Path dir = computeState.resolve(id);
                assertThat(dir.resolve("disk")).as("the disk is in the compute's instances_path").isRegularFile();
                assertThat(apiState.resolve(id)).as("and not in the api's").doesNotExist();
                String secretXml = Files.readString(dir.resolve("secret.xml"));
                String secret = secretUuidOf(db, id);
                assertThat(secretXml).contains(secret);
                assertThat(secretsOn(admin)).as("the libvirt secret is defined on the compute host")
                        .contains(secret);
                String banner = FixtureGuest.BANNER.lines().findFirst().orElseThrow();
                assertThat(admin.post("/v2.1/servers/" + id + "/action", "{\"os-getConsoleOutput\": {}}").json()
                        .getString("output")).as("the guest opened its LUKS disk with the key").contains(banner);

                // a snapshot made on the compute host lands in the shared store with a key of its own, which goes
                // when the api deletes the image
                Api.Response snap = admin.send("POST", "/v2.1/servers/" + id + "/action",
                        "{\"createImage\": {\"name\": \"remote-snap\"}}", Map.of("X-OpenStack-Nova-API-Version", "2.45"));
                assertThat(snap.status()).as(snap.body()).isEqualTo(202);
                String image = snap.json().getString("image_id");
                awaitImageActive(admin, image);
                assertThat(passphraseCount(db, "image")).as("the encrypted snapshot's own key").isEqualTo(1);
                admin.awaitStatus(id, "ACTIVE");
                assertThat(admin.delete("/v2/images/" + image).status()).isEqualTo(204);
                assertThat(passphraseCount(db, "image")).as("gone with its image").isZero();

                assertThat(admin.delete("/v2.1/servers/" + id).status()).isEqualTo(204);
                admin.awaitGone(id);
                assertThat(dir).as("delete removes the disk on the compute host").doesNotExist();
                assertThat(secretsOn(admin)).as("and its libvirt secret").doesNotContain(secret);
                assertThat(passphraseCount(db)).as("and the key manager's passphrase").isZero();
            } finally {
                compute.destroy(); // SIGTERM: the compute stops taking messages and lets its work finish
                assertThat(compute.waitFor(60, TimeUnit.SECONDS)).as("the compute service stops on SIGTERM").isTrue();
            }
            assertThat(compute.exitValue()).as("a clean stop on SIGTERM").isIn(0, 143);
        }
    }

    /** {@code novalab compute --config-file F} in a JVM of its own, on this test's classpath. */
    private Process startCompute(Path conf, Map<String, String> env) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-cp", classpath,
                "org.novalab.cli.Main", "compute", "--config-file", conf.toString()));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("novalab compute: host " + COMPUTE_HOST)) {
                        ready.complete(null);
                    }
                }
            } catch (Exception e) {
                // the process ended
            }
            ready.completeExceptionally(new AssertionError("novalab compute ended: " + output));
        }, "compute-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("novalab compute did not start: " + String.join("\n", output), e);
            }
        }
        return p;
    }

    private static List<JsonObject> computeServices(Api admin) {
        JsonArray services = admin.get("/v2.1/os-services?binary=nova-compute").json().getJsonArray("services");
        return services.stream().map(JsonObject.class::cast).toList();
    }

    private static JsonObject awaitComputeService(Api admin) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<JsonObject> services = computeServices(admin);
            if (!services.isEmpty()) {
                assertThat(services).hasSize(1);
                assertThat(services.get(0).getString("host")).isEqualTo(COMPUTE_HOST);
                return services.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the compute service never registered");
    }

    private static List<String> secretsOn(Api admin) {
        Api.Response r = admin.get("/novalab/v1/virsh/secrets?host=" + COMPUTE_HOST);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("secrets").stream().map(s -> ((JsonObject) s).getString("uuid")).toList();
    }

    private static Connection connect(String db) throws Exception {
        return DriverManager.getConnection(db, "nova", "nova-db");
    }

    /** The uuid of the instance's passphrase in the key manager, which is its libvirt secret's uuid. */
    private static String secretUuidOf(String db, String instance) throws Exception {
        try (Connection c = connect(db);
             ResultSet rows = c.createStatement().executeQuery("SELECT id FROM passphrases WHERE owner_type = "
                     + "'instance-root-disk' AND owner_id = '" + instance + "'")) {
            assertThat(rows.next()).as("one passphrase row").isTrue();
            return rows.getString(1);
        }
    }

    private static void awaitImageActive(Api admin, String image) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String status = null;
        while (System.nanoTime() < deadline) {
            Api.Response r = admin.get("/v2/images/" + image);
            status = r.status() == 200 ? r.json().getString("status") : "http " + r.status();
            if (status.equals("active")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("image " + image + " never became active: " + status);
    }

    private static int passphraseCount(String db) throws Exception {
        return passphraseCount(db, null);
    }

    private static int passphraseCount(String db, String ownerType) throws Exception {
        try (Connection c = connect(db); ResultSet rows = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM passphrases" + (ownerType == null ? "" : " WHERE owner_type = '" + ownerType
                        + "'"))) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
