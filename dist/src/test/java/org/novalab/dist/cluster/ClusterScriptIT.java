package org.novalab.dist.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.dist.testing.NovalabProcess;
import org.novalab.image.ImageService;

/**
 * {@code scripts/cluster up DIR --computes 3 --no-luks-on 3} starts a small cloud (RabbitMQ, PostgreSQL, the api
 * role, three compute services, the third offering no encrypted disks) and prints what the openstack client needs;
 * LUKS servers booted through it spread over the two hosts that can encrypt, a plain one may go to the third;
 * {@code scripts/cluster down DIR} stops every process it started, by pid.
 */
@Tag("integration")
class ClusterScriptIT {
    static final int DOWN_TIME_S = 5;
    static final Path SCRIPT = Path.of("../scripts/cluster").toAbsolutePath().normalize();
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    Run cluster(Map<String, String> env, String... args) throws Exception {
        return run(tmp, env, SCRIPT, args);
    }

    /** {@code script args...}, its standard error kept under {@code tmp}; it must end within 300 s. */
    static Run run(Path tmp, Map<String, String> env, Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Path err = tmp.resolve(script.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s %s still running", script, args[0]).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    /**
     * The environment that has scripts/cluster run this build's novalab (exec: the pid up records is the JVM's),
     * with {@code tmp} opened for PostgreSQL, which runs as its own user (the test may be root).
     */
    static Map<String, String> launcherIn(Path tmp) throws Exception {
        Path launcher = tmp.resolve("novalab");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + String.join("' '", NovalabProcess.command())
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        return Map.of("NOVALAB", launcher.toString());
    }

    @Test
    void up_gives_a_cloud_whose_luks_servers_avoid_the_host_without_luks_and_down_leaves_nothing_running()
            throws Exception {
        Map<String, String> env = launcherIn(tmp);
        Path dir = tmp.resolve("cloud");
        boolean started = false;
        try {
            // Nova's service group timing lowered, as a lab would: a killed host shows down in seconds; and room
            // for thirty small servers on each two-core host
            Path fast = Files.writeString(tmp.resolve("fast.conf"), "[DEFAULT]\nreport_interval = 1\n"
                    + "service_down_time = " + DOWN_TIME_S + "\ncpu_allocation_ratio = 16.0\n");
            Run up = cluster(env, "up", dir.toString(), "--computes", "3", "--no-luks-on", "3", "--config",
                    fast.toString());
            assertThat(up.exit()).as("scripts/cluster up:%n%s", up.err()).isZero();
            started = true;
            Map<String, String> exports = exports(up.out());
            assertThat(exports).containsKeys("OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME");
            String base = exports.get("OS_AUTH_URL").replaceFirst("/identity/v3$", "");
            OpenstackCli cli = new OpenstackCli(base, tmp, exports.get("OS_USERNAME"), exports.get("OS_PASSWORD"),
                    exports.get("OS_PROJECT_NAME"));

            assertThat(cli.rows("compute", "service", "list", "--service", "nova-compute", "-f", "json"))
                    .extracting(r -> r.getString("Host") + " " + r.getString("State"))
                    .containsExactlyInAnyOrder("compute-1 up", "compute-2 up", "compute-3 up");
            List<JsonObject> plainOnly = cli.rows("resource", "provider", "list", "--name", "compute-3", "-f",
                    "json");
            assertThat(cli.rows("resource", "provider", "trait", "list", plainOnly.get(0).getString("uuid"), "-f",
                    "json")).as("compute-3 reports no encryption trait").isEmpty();
            List<String> hosts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonObject vm = cli.json("server", "create", "--image", ImageService.FIXTURE_ID, "--flavor",
                        "m1.tiny.luks", "--network", "none", "--wait", "vm" + i, "-f", "json");
                assertThat(vm.getString("status")).isEqualTo("ACTIVE");
                hosts.add(cli.json("server", "show", vm.getString("id"), "-f", "json")
                        .getString("OS-EXT-SRV-ATTR:host"));
            }
            assertThat(hosts).as("the scheduler spreads LUKS servers over the hosts that can encrypt")
                    .containsExactlyInAnyOrder("compute-1", "compute-2", "compute-1", "compute-2");
            assertThat(dir.resolve("compute-1")).as("each compute keeps its own state dir").isDirectory();
            // Nova's default quota (10 instances, 20 cores) raised, as an operator would for a burst
            cli.os("quota", "set", "--instances", "64", "--cores", "64", "--ram", "65536",
                    exports.get("OS_PROJECT_NAME"));
            CloudRequests api = CloudRequests.of(cli, base);
            thirtyConcurrentLuksBootsSpreadOverTheHostsThatEncrypt(api,
                    cli.json("flavor", "show", "m1.tiny.luks", "-f", "json").getString("id"));
            anAntiAffinityGroupOfThreeTakesThreeHostsAndAFourthMemberHasNoValidHost(api,
                    cli.json("flavor", "show", "m1.tiny", "-f", "json").getString("id"));
            coldMigrationCarriesTheSecret(cli, base, dir, hosts.get(0));
            liveMigrationCarriesTheSecret(cli, base, dir, hosts.get(2));
            anApiKilledDuringALiveMigrationStartsAgainToFindItDone(cli, base, dir, Path.of(env.get("NOVALAB")),
                    fast, hosts.get(3));
            aKilledComputeGoesDownAndItsServerIsEvacuated(cli, base, dir, hosts.get(1));
        } finally {
            List<Long> pids = pids(dir);
            if (started) {
                assertThat(pids).as("up recorded the api, three computes, RabbitMQ (its script, beam and epmd) and "
                        + "PostgreSQL").hasSize(8);
            }
            Run down = cluster(env, "down", dir.toString());
            assertThat(down.exit()).as("scripts/cluster down:%n%s", down.err()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pids.stream().anyMatch(ClusterScriptIT::running) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(pids).as("down stopped everything up started").noneMatch(ClusterScriptIT::running);
        }
    }

    /**
     * Thirty LUKS boots sent at once: every claim is made under its compute node's lock, so none lands on compute-3
     * (no LUKS trait) and the RAM weigher spreads them over the other two; then they are deleted.
     */
    static void thirtyConcurrentLuksBootsSpreadOverTheHostsThatEncrypt(CloudRequests api, String flavor)
            throws Exception {
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            posts.add(api.postAsync("/v2.1/servers", server("burst" + i, flavor), Map.of()));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> r = post.get(120, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            ids.add(new JsonObject(r.body()).getJsonObject("server").getString("id"));
        }
        Map<String, String> hosts = awaitActive(api, ids);
        Map<String, Long> perHost = hosts.values().stream().collect(Collectors.groupingBy(h -> h,
                Collectors.counting()));
        assertThat(perHost.keySet()).as("only the hosts that can encrypt").containsExactlyInAnyOrder("compute-1",
                "compute-2");
        assertThat(perHost.values()).as("spread: " + perHost).allSatisfy(n -> assertThat(n).isBetween(10L, 20L));
        deleteAll(api, ids);
    }

    /**
     * An anti-affinity group of three plain servers over three hosts: one member on each (compute-3 takes plain
     * disks), and a fourth member finds no host: ERROR with Nova's NoValidHost fault.
     */
    static void anAntiAffinityGroupOfThreeTakesThreeHostsAndAFourthMemberHasNoValidHost(CloudRequests api,
            String flavor) throws Exception {
        String group = api.post("/v2.1/os-server-groups", new JsonObject().put("server_group", new JsonObject()
                .put("name", "apart").put("policies", new JsonArray().add("anti-affinity"))), 200)
                .getJsonObject("server_group").getString("id");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonObject body = server("apart" + i, flavor).put("os:scheduler_hints", new JsonObject()
                    .put("group", group));
            members.add(api.post("/v2.1/servers", body, 202).getJsonObject("server").getString("id"));
            if (i < 3) {
                awaitActive(api, members.subList(i, i + 1));
            }
        }
        assertThat(awaitActive(api, members.subList(0, 3)).values()).as("one member on each host")
                .containsExactlyInAnyOrder("compute-1", "compute-2", "compute-3");
        JsonObject fourth = awaitStatus(api, members.get(3), "ERROR");
        assertThat(fourth.getJsonObject("fault").getString("message")).as(fourth.encode())
                .contains("No valid host was found");
        deleteAll(api, members);
        assertThat(api.delete("/v2.1/os-server-groups/" + group)).isEqualTo(204);
    }

    static JsonObject server(String name, String flavor) {
        return new JsonObject().put("server", new JsonObject().put("name", name).put("flavorRef", flavor)
                .put("imageRef", ImageService.FIXTURE_ID).put("networks", "none"));
    }

    /** Each server ACTIVE (none in ERROR) within two minutes: its host. */
    static Map<String, String> awaitActive(CloudRequests api, List<String> ids) throws Exception {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (String id : ids) {
            hosts.put(id, awaitStatus(api, id, "ACTIVE").getString("OS-EXT-SRV-ATTR:host"));
        }
        return hosts;
    }

    static JsonObject awaitStatus(CloudRequests api, String id, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonObject shown = api.get("/v2.1/servers/" + id).getJsonObject("server");
        while (!shown.getString("status").equals(status) && !shown.getString("status").equals("ERROR")
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            shown = api.get("/v2.1/servers/" + id).getJsonObject("server");
        }
        assertThat(shown.getString("status")).as(shown.encode()).isEqualTo(status);
        return shown;
    }

    static void deleteAll(CloudRequests api, List<String> ids) throws Exception {
        for (String id : ids) {
            assertThat(api.delete("/v2.1/servers/" + id)).isEqualTo(204);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (String id : ids) {
            while (api.statusOf("/v2.1/servers/" + id) != 404 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(api.statusOf("/v2.1/servers/" + id)).as("server %s gone", id).isEqualTo(404);
        }
    }

    /**
     * {@code openstack server migrate} of a LUKS server over RabbitMQ: the disk goes to the other host that can
     * encrypt (never to compute-3), which defines the disk's libvirt secret and boots it; after {@code server
     * migration confirm} the host it left has neither its files nor its secret.
     */
    static void coldMigrationCarriesTheSecret(OpenstackCli cli, String base, Path dir, String from) throws Exception {
        String to = from.equals("compute-1") ? "compute-2" : "compute-1";
        String id = cli.json("server", "show", "vm0", "-f", "json").getString("id");
        String secret = secretOf(dir, from, id);
        assertThat(secrets(cli, base, from)).contains(secret);

        cli.os("server", "migrate", "--wait", "vm0");
        JsonObject moved = cli.json("server", "show", "vm0", "-f", "json");
        assertThat(moved.getString("status")).isEqualTo("VERIFY_RESIZE");
        assertThat(moved.getString("OS-EXT-SRV-ATTR:host")).as("the other host that can encrypt").isEqualTo(to);
        assertThat(secrets(cli, base, to)).as("the destination defined the disk's secret").contains(secret);
        assertThat(cli.os("console", "log", "show", "vm0")).as("and booted the guest from its LUKS disk")
                .contains(org.novalab.fixture.FixtureGuest.BANNER.strip());

        cli.os("server", "migration", "confirm", "vm0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cli.json("server", "show", "vm0", "-f", "json").getString("status").equals("ACTIVE")
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(cli.json("server", "show", "vm0", "-f", "json").getString("status")).isEqualTo("ACTIVE");
        assertThat(secrets(cli, base, from)).as("no secret left behind on the source").doesNotContain(secret);
        try (Stream<Path> files = Files.walk(dir.resolve(from))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("nothing of the server left on the source")
                    .noneMatch(n -> n.startsWith(id));
        }
    }

    /**
     * {@code openstack server migrate --live-migration --block-migration} of a LUKS server over RabbitMQ: it goes to
     * the other host that can encrypt (never to compute-3), ACTIVE there with no confirmation; the destination
     * defined the disk's libvirt secret and runs the guest, and the host it left has neither its files nor its secret.
     */
    static void liveMigrationCarriesTheSecret(OpenstackCli cli, String base, Path dir, String from) throws Exception {
        String to = from.equals("compute-1") ? "compute-2" : "compute-1";
        String id = cli.json("server", "show", "vm2", "-f", "json").getString("id");
        String secret = secretOf(dir, from, id);

        cli.os("server", "migrate", "--live-migration", "--block-migration", "--wait", "vm2");
        JsonObject moved = cli.json("server", "show", "vm2", "-f", "json");
        assertThat(moved.getString("status")).isEqualTo("ACTIVE");
        assertThat(moved.getString("OS-EXT-SRV-ATTR:host")).as("the other host that can encrypt").isEqualTo(to);
        assertThat(secrets(cli, base, to)).as("the destination defined the disk's secret").contains(secret);
        assertThat(secrets(cli, base, from)).as("no secret left behind on the source").doesNotContain(secret);
        try (Stream<Path> files = Files.walk(dir.resolve(from))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("nothing of the server left on the source")
                    .noneMatch(n -> n.startsWith(id));
        }
    }

    /**
     * {@code kill -9} of the api role right after it accepted a live migration (202: the source has it), then the
     * api started again as {@code up} started it: the move is the compute services' work, recorded by them in the
     * shared database, so the api comes back to vm3 ACTIVE on the other host that can encrypt, the migration
     * completed, nothing run twice.
     */
    static void anApiKilledDuringALiveMigrationStartsAgainToFindItDone(OpenstackCli cli, String base, Path dir,
            Path launcher, Path extraConfig, String from) throws Exception {
        String to = from.equals("compute-1") ? "compute-2" : "compute-1";
        String id = cli.json("server", "show", "vm3", "-f", "json").getString("id");
        CloudRequests api = CloudRequests.of(cli, base);
        HttpResponse<String> accepted = api.postAsync("/v2.1/servers/" + id + "/action", new JsonObject()
                .put("os-migrateLive", new JsonObject().putNull("host").put("block_migration", "auto")),
                Map.of("OpenStack-API-Version", "compute 2.34")).get(60, TimeUnit.SECONDS);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        long pid = Long.parseLong(Files.readString(dir.resolve("api.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running(pid)).as("the api role killed").isFalse();

        Process again = new ProcessBuilder(launcher.toString(), "serve", "--config-file",
                dir.resolve("api.conf").toString(), "--config-file", extraConfig.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("api.log").toFile())).start();
        Files.writeString(dir.resolve("api.pid"), again.pid() + "\n"); // scripts/cluster down stops this one
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int identity = 0;
        while (identity != 200 && again.isAlive() && System.nanoTime() < deadline) {
            try {
                identity = http.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/identity/v3")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException notYet) {
                Thread.sleep(250);
            }
        }
        assertThat(identity).as("the api role answers again:%n%s", tail(dir.resolve("api.log"))).isEqualTo(200);
        CloudRequests restarted = CloudRequests.of(cli, base);
        JsonObject shown = awaitStatus(restarted, id, "ACTIVE");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!to.equals(shown.getString("OS-EXT-SRV-ATTR:host")) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            shown = awaitStatus(restarted, id, "ACTIVE");
        }
        assertThat(shown.getString("OS-EXT-SRV-ATTR:host")).as(shown.encode()).isEqualTo(to);
        JsonObject migration = restarted.get("/v2.1/os-migrations?instance_uuid=" + id).getJsonArray("migrations")
                .getJsonObject(0);
        assertThat(migration.getString("status")).isEqualTo("completed");
        assertThat(cli.os("console", "log", "show", "vm3")).contains(org.novalab.fixture.FixtureGuest.BANNER.strip());
    }

    /**
     * {@code kill -9} of the compute service that runs vm1: {@code compute service list} shows it down within
     * {@code service_down_time} (and a beat), and evacuate rebuilds vm1 on the one other host
     * that can encrypt (never on compute-3), under the passphrase the key manager kept: the same secret, defined
     * there before the guest booted.
     */
    static void aKilledComputeGoesDownAndItsServerIsEvacuated(OpenstackCli cli, String base, Path dir, String host)
            throws Exception {
        String other = host.equals("compute-1") ? "compute-2" : "compute-1";
        String id = cli.json("server", "show", "vm1", "-f", "json").getString("id");
        Path secretXml = dir.resolve(host).resolve("instances").resolve(id).resolve("secret.xml");
        if (!Files.exists(secretXml)) {
            try (Stream<Path> files = Files.walk(dir.resolve(host))) {
                secretXml = files.filter(f -> f.endsWith(Path.of(id, "secret.xml"))).findFirst().orElseThrow();
            }
        }
        String secret = Files.readString(secretXml).replaceAll("(?s).*<uuid>([^<]+)</uuid>.*", "$1").strip();
        long pid = Long.parseLong(Files.readString(dir.resolve(host + ".pid")).strip());

        long killed = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        String state = "up";
        while (!state.equals("down") && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(250);
            state = cli.rows("compute", "service", "list", "--service", "nova-compute", "--host", host, "-f",
                    "json").get(0).getString("State");
        }
        double seconds = (System.nanoTime() - killed) / 1e9;
        assertThat(state).as("the killed compute shows down").isEqualTo("down");
        assertThat(seconds).as("within service_down_time and one beat (and the client's own time)")
                .isLessThan(DOWN_TIME_S + 1 + 10);

        // through the API: Debian's openstack client sends the evacuate, then fails reading novaclient's answer
        // ("'TupleWithMeta' object has no attribute 'id'") before it waits, whatever the server says
        String token = cli.os("token", "issue", "-f", "value", "-c", "id").strip();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v2.1/servers/" + id + "/action"))
                        .header("X-Auth-Token", token).header("OpenStack-API-Version", "compute 2.14")
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"evacuate\": {}}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!cli.json("server", "show", "vm1", "-f", "json").getString("status").matches("ACTIVE|ERROR")
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        JsonObject evacuated = cli.json("server", "show", "vm1", "-f", "json");
        assertThat(evacuated.getString("status")).isEqualTo("ACTIVE");
        assertThat(evacuated.getString("OS-EXT-SRV-ATTR:host")).as("the one other host that can encrypt")
                .isEqualTo(other);
        assertThat(secrets(cli, base, other)).as("the disk's secret defined on the new host").contains(secret);
        assertThat(cli.os("console", "log", "show", "vm1")).as("and the guest booted from its LUKS disk there")
                .contains(org.novalab.fixture.FixtureGuest.BANNER.strip());
    }

    /** The last lines of a log, for a failure's message. */
    static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The uuid of the libvirt secret of server {@code id}'s disk, as its secret.xml on {@code host} names it. */
    static String secretOf(Path dir, String host, String id) throws Exception {
        Path secretXml;
        try (Stream<Path> files = Files.walk(dir.resolve(host))) {
            secretXml = files.filter(f -> f.endsWith(Path.of(id, "secret.xml"))).findFirst().orElseThrow();
        }
        return Files.readString(secretXml).replaceAll("(?s).*<uuid>([^<]+)</uuid>.*", "$1").strip();
    }

    /** The uuids of the libvirt secrets {@code host} has defined, as {@code virsh secret-list} shows them. */
    static String secrets(OpenstackCli cli, String base, String host) throws Exception {
        String token = cli.os("token", "issue", "-f", "value", "-c", "id").strip();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/novalab/v1/virsh/secrets?host="
                        + host)).header("X-Auth-Token", token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Running: there, and not a zombie (an orphan that ended is reaped by PID 1 a moment later). */
    static boolean running(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .noneMatch(l -> l.matches("State:\\s+Z.*"));
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    static Map<String, String> exports(String out) {
        Map<String, String> vars = new LinkedHashMap<>();
        out.lines().filter(l -> l.startsWith("export ")).forEach(l -> {
            String[] kv = l.substring("export ".length()).split("=", 2);
            vars.put(kv[0], kv[1]);
        });
        return vars;
    }

    /** The pids scripts/cluster and the scripts it calls recorded under DIR. */
    static List<Long> pids(Path dir) throws Exception {
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (Stream<Path> files = Stream.concat(Files.list(dir), Files.list(dir.resolve("rabbitmq")))) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).trim()));
            }
        }
        Path postmaster = dir.resolve("postgres/data/postmaster.pid");
        if (Files.exists(postmaster)) {
            pids.add(Long.parseLong(Files.readAllLines(postmaster).get(0).trim()));
        }
        return pids;
    }
}
