package org.novalab.dist.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.persistence.EmbeddedDatabase;
import org.novalab.api.testing.Api;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.dist.crash.KillCounts.Operation;
import org.novalab.dist.testing.NovalabProcess;
import org.novalab.imagecache.ImageCache;

/**
 * kill -9 at random points of an image upload, a fetch into {@code _base}, a spawn, a delete and the burst of all
 * of them at once (six creates, the previous round's deletes and an upload together), then a restart on the same
 * state dir, round after round, until every operation was cut short at least {@value #KILLS} times. After each
 * restart: every acknowledged create is a server (ACTIVE, or ERROR with a fault), every acknowledged delete is
 * gone, an acknowledged upload is an active image with the checksum of what was sent, an interrupted one is queued
 * again, and the state dir holds nothing half-made ({@link StateDirCheck}). At the end, everything deleted, no
 * instance directory, temporary file or passphrase is left.
 *
 * <p>The kill lands at a random point of each operation: each is started so that the kill falls at a uniformly
 * random moment of the time it took in a calibration round, and the evidence the kill left (a base not yet written,
 * a build not yet ACTIVE, a delete whose files are still there, an upload with no answer) decides what it cut.
 */
@Tag("integration")
class CrashIT {
    static final int KILLS = 20;
    static final int MAX_ROUNDS = 90;
    static final int CREATES = 6;
    private static final int UPLOAD_BYTES = 8 << 20;
    private static final int IMAGE_DATA = 4 << 20;
    /**
     * A round's fresh image: large enough that its fetch outlasts the answers to the creates that start it, so the
     * kill can land inside the fetch after a create was acknowledged even on a loaded machine.
     */
    private static final int FRESH_IMAGE_DATA = 16 << 20;
    /** The most a create may take to be answered before the test calls the server too slow to crash-test. */
    private static final long MAX_ANSWER_MILLIS = 4000;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private Path state;
    private Path log;
    private NovalabProcess server;
    static final String ADMIN_PASSWORD = "crash-admin-pw";
    private Api api;
    private final Set<Long> killed = new HashSet<>();
    private final Set<String> alive = new TreeSet<>();
    private Random random;

    /**
     * How long each operation took without a kill: the span a kill is placed in.
     *
     * @param answerMillis the slowest create's answer, unloaded: a round's creates wait longer (deletes run beside)
     */
    private record Timings(long answerMillis, long fetchMillis, long spawnMillis, long deleteMillis) {
    }

    /**
     * How long before the kill a create must be sent so that it is answered first: three times the unloaded answer
     * to begin with, then learnt from the rounds, since a busy machine (a build beside the test, a cold JIT after
     * each restart) answers slower than the calibration did and a kill before any answer cuts nothing acknowledged.
     */
    private long answerUnderLoad;

    @Test
    void every_kill_leaves_what_was_acknowledged_whole_and_nothing_half_made() throws Exception {
        long seed = Long.getLong("novalab.crash.seed", System.nanoTime());
        random = new Random(seed);
        state = work.resolve("state");
        log = work.resolve("serve.log");
        server = NovalabProcess.serve(state, ADMIN_PASSWORD, log);
        api = login();
        // a round's creates run beside the previous round's deletes: more servers at once than Nova's default quota
        // of 10 lets a project have, so the operator lifts it as for a load test
        new org.novalab.api.testing.Users(api).unlimitedServers("demo");
        String cached = uploadImage("cached", qcow2Image(0, IMAGE_DATA));
        Timings timings = calibrate(cached);
        answerUnderLoad = 3 * timings.answerMillis();
        KillCounts counts = new KillCounts();
        StringBuilder report = new StringBuilder("seed " + seed + " (-Dnovalab.crash.seed), " + timings + "\n");
        long started = System.nanoTime();
        int round = 0;
        int maxRounds = Integer.getInteger("novalab.crash.rounds", MAX_ROUNDS);
        try {
            while (round < maxRounds && !counts.allAtLeast(KILLS)) {
                round++;
                String fresh = uploadImage("fetch-" + round, qcow2Image(round, FRESH_IMAGE_DATA));
                long roundStart = System.nanoTime();
                String line = round(round, fresh, cached, timings, counts) + " (" + millisSince(roundStart) + " ms)";
                System.out.println("CrashIT " + line);
                report.append(line).append('\n');
                api.delete("/image/v2/images/" + fresh);
            }
        } catch (RuntimeException | AssertionError e) {
            keepThreads();
            throw e;
        } finally {
            Files.createDirectories(Path.of("target"));
            Files.copy(log, Path.of("target", "crash-serve.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        report.append("kills: ").append(counts).append(" in ").append(round).append(" rounds, ")
                .append(Duration.ofNanos(System.nanoTime() - started).toSeconds()).append(" s\n");
        Files.writeString(Path.of("target", "crash-report.txt"), report);
        try {
            finalCheck(cached);
        } catch (RuntimeException | AssertionError e) {
            keepThreads();
            throw e;
        }
        assertThat(counts.allAtLeast(KILLS)).as("every operation cut short at least %d times in %d rounds: %s",
                KILLS, MAX_ROUNDS, counts).isTrue();
    }

    /**
     * One round: three creates from an image not yet in {@code _base} (the kill at a random point of its fetch),
     * three from one that is (at a random point of their spawn), the previous round's servers deleted (half started
     * over the whole window, half just before the kill, so it finds some answered, some asked, some finishing), an
     * upload trickling in throughout; the kill, the restart, the checks. Returns what the kill cut.
     */
    private String round(int round, String fresh, String cached, Timings timings, KillCounts counts)
            throws Exception {
        String target = createImage("upload-" + round);
        byte[] data = randomBytes(UPLOAD_BYTES, round);
        String md5 = md5(data);
        Acknowledgements acks = new Acknowledgements();
        // late enough that creates sent before it are answered first: the kill is to cut what was acknowledged
        long answerBudget = answerUnderLoad;
        long killAt = answerBudget + 300 + random.nextInt(500);
        Set<String> deleting = Set.copyOf(alive);
        ScheduledThreadPoolExecutor clients = new ScheduledThreadPoolExecutor(2 * CREATES + deleting.size() + 2);
        // a request not yet sent when the process dies is not sent at all: it was neither answered nor in flight
        clients.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        AtomicBoolean polling = new AtomicBoolean(true);
        Api client = api;
        Set<String> fromFresh = java.util.concurrent.ConcurrentHashMap.newKeySet();
        clients.execute(() -> upload(client, target, data, md5, killAt + 400, acks));
        for (int i = 0; i < CREATES; i++) {
            String flavor = List.of("1", "101", "102").get(i % 3);
            String name = "r" + round + "-fetch-" + i;
            clients.schedule(() -> create(client, name, fresh, flavor, acks).ifPresent(fromFresh::add),
                    startFor(killAt - answerBudget, timings.fetchMillis()), TimeUnit.MILLISECONDS);
            String spawn = "r" + round + "-spawn-" + i;
            clients.schedule(() -> create(client, spawn, cached, flavor, acks),
                    startFor(killAt - answerBudget, timings.spawnMillis()), TimeUnit.MILLISECONDS);
        }
        // half over the whole window (answered, asked, finishing), half in the last 60 ms before the kill, while
        // their answer or their files' removal is still under way: spread over the whole second only one round in
        // five cut a delete (18 in 90 rounds), within three deletes' time (0.4 s) of the kill one in three
        int n = 0;
        for (String id : deleting) {
            long span = n++ % 2 == 0 ? killAt : Math.min(60, timings.deleteMillis());
            clients.schedule(() -> delete(client, id, acks), startFor(killAt, span), TimeUnit.MILLISECONDS);
        }
        clients.execute(() -> poll(client, acks, polling));
        Thread.sleep(killAt);
        server.kill();
        killed.add(server.pid());
        // the database as the kill left it, before the restart recovers it: what a failed round is read from
        Files.createDirectories(Path.of("target"));
        keepDatabase("at-kill");
        polling.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients return once the server is gone")
                .isTrue();

        List<String> cut = new ArrayList<>();
        if (!acks.uploadsInFlight.isEmpty()) {
            cut.add("upload");
            counts.landed(Operation.UPLOAD);
        }
        boolean buildCut = false;
        if (!Files.exists(base(fresh)) && !fromFresh.isEmpty()) {
            cut.add("fetch");
            counts.landed(Operation.FETCH);
            buildCut = true;
        }
        Set<String> spawning = acks.buildsCutShort();
        spawning.removeAll(fromFresh);
        if (!spawning.isEmpty()) {
            cut.add("spawn x" + spawning.size());
            counts.landed(Operation.SPAWN);
            buildCut = true;
        }
        Set<String> deletesCut = new TreeSet<>(acks.deletesInFlight);
        acks.deleted.stream().filter(id -> Files.exists(state.resolve(id))).forEach(deletesCut::add);
        if (!deletesCut.isEmpty()) {
            cut.add("delete x" + deletesCut.size());
            counts.landed(Operation.DELETE);
        }
        if (!acks.uploadsInFlight.isEmpty() && buildCut && !deletesCut.isEmpty()) {
            cut.add("burst");
            counts.landed(Operation.BURST);
        }

        learnAnswerTime(acks, timings);
        long restart = System.nanoTime();
        server = NovalabProcess.serve(state, ADMIN_PASSWORD, log);
        api = login();
        long restarted = millisSince(restart);
        long verifyStart = System.nanoTime();
        List<String> problems = verify(acks, target, md5, cached);
        long verified = millisSince(verifyStart);
        if (!problems.isEmpty()) {
            keepDatabase("after-restart");
        }
        assertThat(problems).as("round %d (kill at %d ms, cut %s): %s%nserver log:%n%s", round, killAt, cut,
                problems, server.logTail()).isEmpty();
        api.delete("/image/v2/images/" + target);
        return "round " + round + ": kill at " + killAt + " ms (creates sent " + answerBudget
                + " ms before or earlier) cut " + (cut.isEmpty() ? "nothing" : String.join(", ", cut))
                + "; created " + acks.created.size() + ", deleted " + acks.deleted.size() + "; restart " + restarted
                + " ms, checks " + verified + " ms";
    }

    /** Where the server's threads are when a check fails: a request that never came back names its wait. */
    private void keepThreads() throws java.io.IOException {
        if (server != null) {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "crash-threads.txt"), server.threadDump());
        }
    }

    /**
     * The next round sends its creates early enough for the slowest answer this one saw, with a margin; when the
     * kill came before any create was answered, half as much again as this round allowed.
     */
    private void learnAnswerTime(Acknowledgements acks, Timings timings) {
        long slowest = acks.createAnswerMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        long next = acks.created.isEmpty() && !acks.createsInFlight.isEmpty() ? answerUnderLoad * 3 / 2
                : Math.max(answerUnderLoad * 3 / 4, slowest * 5 / 4);
        answerUnderLoad = Math.min(MAX_ANSWER_MILLIS, Math.max(3 * timings.answerMillis(), next));
    }

    /** A copy of the embedded database (and its password, 0600) in target/, to read a failed round from. */
    private void keepDatabase(String when) throws java.io.IOException {
        Files.createDirectories(Path.of("target"));
        Files.copy(state.resolve("novalab-db.mv.db"), Path.of("target", "crash-db-" + when + ".mv.db"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(state.resolve("db.password"), Path.of("target", "crash-db.password"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** When to start an operation that takes {@code spanMillis} so that a kill at {@code killAt} lands inside it. */
    private long startFor(long killAt, long spanMillis) {
        return Math.max(0, killAt - (long) (random.nextDouble() * spanMillis));
    }

    /** Everything a restarted server must show; the problems found, none when all holds. */
    private List<String> verify(Acknowledgements acks, String target, String md5, String image) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String id : acks.created) {
            if (acks.deleted.contains(id)) {
                continue;
            }
            JsonObject s = settled(id);
            if (s == null) {
                problems.add("acknowledged create " + id + " is gone");
            } else if ("ERROR".equals(s.getString("status"))) {
                JsonObject fault = s.getJsonObject("fault");
                if (fault == null || fault.getString("message", "").isBlank()) {
                    problems.add("server " + id + " is ERROR without a fault");
                }
            } else if (!"ACTIVE".equals(s.getString("status"))) {
                problems.add("server " + id + " is " + s.getString("status") + " after the restart");
            }
        }
        for (String id : acks.deleted) {
            if (!gone(id)) {
                problems.add("acknowledged delete of " + id + " did not finish: the server is back");
            }
        }
        for (String id : acks.deletesInFlight) {
            settled(id);
        }
        List<JsonObject> servers = allSettled(problems);
        alive.clear();
        Set<String> active = new TreeSet<>();
        for (JsonObject s : servers) {
            alive.add(s.getString("id"));
            if ("ACTIVE".equals(s.getString("status"))) {
                active.add(s.getString("id"));
            }
        }
        JsonObject uploaded = api.get("/image/v2/images/" + target).json();
        String status = uploaded.getString("status");
        boolean whole = "active".equals(status) && md5.equals(uploaded.getString("checksum"));
        if (acks.uploaded.containsKey(target) && !whole) {
            problems.add("acknowledged upload of " + target + " is " + status + " with checksum "
                    + uploaded.getString("checksum"));
        } else if (!acks.uploaded.containsKey(target) && !whole && !"queued".equals(status)) {
            problems.add("interrupted upload of " + target + " is " + status + ", not queued or whole");
        }
        if (!"active".equals(api.get("/image/v2/images/" + image).json().getString("status"))) {
            problems.add("image " + image + ", uploaded before the round, is no longer active");
        }
        problems.addAll(acks.unexpected);
        problems.addAll(StateDirCheck.problems(state, alive, active, activeImages(), killed));
        return problems;
    }

    /** Deletes everything, stops the server and checks that nothing of any round is left. */
    private void finalCheck(String cached) throws Exception {
        alive.forEach(id -> api.delete("/v2.1/servers/" + id));
        for (String id : alive) {
            assertThat(gone(id)).as("server %s deleted", id).isTrue();
        }
        alive.clear();
        api.delete("/image/v2/images/" + cached);
        Set<String> images = activeImages();
        server.close();
        assertThat(state.resolve("novalab-db.open")).as("a server that stopped marks its database closed: the next "
                + "start needs no repair").doesNotExist();
        assertThat(StateDirCheck.problems(state, Set.of(), Set.of(), images, killed)).isEmpty();
        assertThat(StateDirCheck.instanceDirs(state)).as("instance directories after every delete").isEmpty();
        DatabaseConfig db = EmbeddedDatabase.open(state);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM passphrases")) {
            rows.next();
            assertThat(rows.getInt(1)).as("passphrases left after every server is deleted").isZero();
        }
    }

    /**
     * The fetch of an image of a round's size (cold), the spawns from {@code cached} once it is in {@code _base},
     * the deletes: how long each takes unkilled.
     */
    private Timings calibrate(String cached) throws Exception {
        String fresh = uploadImage("calibration", qcow2Image(-1, FRESH_IMAGE_DATA));
        long fetchStart = System.nanoTime();
        String fetching = createServer(api, "calibration-fetch", fresh, "1");
        while (!Files.exists(base(fresh))) {
            Thread.sleep(2);
        }
        long fetch = millisSince(fetchStart);
        api.awaitStatus(fetching, "ACTIVE");
        api.delete("/v2.1/servers/" + fetching);
        api.awaitGone(fetching);
        api.delete("/image/v2/images/" + fresh);

        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        long answer = 0;
        for (int i = 0; i < CREATES; i++) {
            long sent = System.nanoTime();
            ids.add(createServer(api, "calibration-" + i, cached, List.of("1", "101", "102").get(i % 3)));
            answer = Math.max(answer, millisSince(sent));
        }
        while (!Files.exists(base(cached))) {
            Thread.sleep(2);
        }
        long cachedAt = millisSince(start);
        for (String id : ids) {
            api.awaitStatus(id, "ACTIVE");
        }
        long build = millisSince(start);
        start = System.nanoTime();
        ids.forEach(id -> api.delete("/v2.1/servers/" + id));
        for (String id : ids) {
            api.awaitGone(id);
        }
        long delete = millisSince(start);
        return new Timings(Math.max(answer, 20), Math.max(fetch, 20), Math.max(build - cachedAt, 20),
                Math.max(delete, 20));
    }

    // ---- the clients ----

    private static void upload(Api client, String id, byte[] data, String md5, long durationMillis,
                               Acknowledgements acks) {
        acks.uploadsInFlight.put(id, md5);
        try {
            Api.Response r = client.sendBytes("PUT", "/image/v2/images/" + id + "/file",
                    HttpRequest.BodyPublishers.ofInputStream(() -> new Trickle(data, durationMillis)),
                    Map.of("Content-Type", "application/octet-stream"));
            acks.uploadsInFlight.remove(id);
            if (r.status() == 204) {
                acks.uploaded.put(id, md5);
            } else {
                acks.unexpected.add("upload of " + id + " answered " + r.status() + ": " + r.body());
            }
        } catch (IllegalStateException killed) {
            // no answer: the process died under it
        }
    }

    private static java.util.Optional<String> create(Api client, String name, String image, String flavor,
                                                     Acknowledgements acks) {
        acks.createsInFlight.add(name);
        try {
            long sent = System.nanoTime();
            String id = createServer(client, name, image, flavor);
            acks.createAnswerMillis.add(millisSince(sent));
            acks.created.add(id);
            acks.createsInFlight.remove(name);
            return java.util.Optional.of(id);
        } catch (IllegalStateException killed) {
            return java.util.Optional.empty(); // no answer
        } catch (AssertionError refused) {
            acks.createsInFlight.remove(name);
            acks.unexpected.add(refused.getMessage());
            return java.util.Optional.empty();
        }
    }

    private static void delete(Api client, String id, Acknowledgements acks) {
        acks.deletesInFlight.add(id);
        try {
            Api.Response r = client.delete("/v2.1/servers/" + id);
            acks.deletesInFlight.remove(id);
            if (r.status() == 204) {
                acks.deleted.add(id);
            } else {
                acks.unexpected.add("delete of " + id + " answered " + r.status() + ": " + r.body());
            }
        } catch (IllegalStateException killed) {
            // no answer
        }
    }

    private static void poll(Api client, Acknowledgements acks, AtomicBoolean polling) {
        while (polling.get()) {
            try {
                JsonArray servers = client.get("/v2.1/servers/detail").json().getJsonArray("servers");
                for (int i = 0; i < servers.size(); i++) {
                    JsonObject s = servers.getJsonObject(i);
                    if ("ACTIVE".equals(s.getString("status")) && s.getValue("OS-EXT-STS:task_state") == null) {
                        acks.seenActive.add(s.getString("id"));
                    }
                }
                Thread.sleep(10);
            } catch (IllegalStateException | InterruptedException gone) {
                return;
            }
        }
    }

    private static String createServer(Api client, String name, String image, String flavor) {
        Api.Response r = client.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", name).put("imageRef", image).put("flavorRef", flavor).put("networks", "none")));
        if (r.status() != 202) {
            throw new AssertionError("create " + name + " answered " + r.status() + ": " + r.body());
        }
        return r.json().getJsonObject("server").getString("id");
    }

    // ---- reading the restarted server ----

    /** The server once no task runs on it, or null when it does not exist. */
    private JsonObject settled(String id) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            Api.Response r = api.get("/v2.1/servers/" + id);
            if (r.status() == 404) {
                return null;
            }
            JsonObject s = r.json().getJsonObject("server");
            if (s.getValue("OS-EXT-STS:task_state") == null && !"BUILD".equals(s.getString("status"))) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("server " + id + " still has a task " + SETTLE.toSeconds() + " s after the restart");
    }

    private boolean gone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/v2.1/servers/" + id).status() == 404) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private List<JsonObject> allSettled(List<String> problems) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonArray all = api.get("/v2.1/servers/detail").json().getJsonArray("servers");
            List<JsonObject> servers = new ArrayList<>();
            boolean busy = false;
            for (int i = 0; i < all.size(); i++) {
                JsonObject s = all.getJsonObject(i);
                servers.add(s);
                busy |= s.getValue("OS-EXT-STS:task_state") != null || "BUILD".equals(s.getString("status"));
            }
            if (!busy) {
                return servers;
            }
            if (System.nanoTime() > deadline) {
                problems.add("servers still busy " + SETTLE.toSeconds() + " s after the restart: " + all);
                return servers;
            }
            Thread.sleep(20);
        }
    }

    private Set<String> activeImages() {
        JsonArray images = api.get("/image/v2/images?limit=1000").json().getJsonArray("images");
        Set<String> active = new TreeSet<>();
        for (int i = 0; i < images.size(); i++) {
            if ("active".equals(images.getJsonObject(i).getString("status"))) {
                active.add(images.getJsonObject(i).getString("id"));
            }
        }
        return active;
    }

    // ---- images ----

    private String createImage(String name) {
        Api.Response r = api.post("/image/v2/images", new JsonObject().put("name", name).put("disk_format", "qcow2")
                .put("container_format", "bare"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getString("id");
    }

    private String uploadImage(String name, byte[] qcow2) {
        String id = createImage(name);
        Api.Response r = api.sendBytes("PUT", "/image/v2/images/" + id + "/file",
                HttpRequest.BodyPublishers.ofByteArray(qcow2), Map.of("Content-Type", "application/octet-stream"));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return id;
    }

    /** A small qcow2 guest of its own per round, so each fetch round starts with a cold cache for it. */
    private byte[] qcow2Image(int round, int size) throws IOException {
        Path raw = Files.write(work.resolve("guest-" + round + ".raw"), randomBytes(size, -round - 1));
        Path qcow2 = work.resolve("guest-" + round + ".qcow2");
        Disks.java().convert(raw, ImageFormat.RAW, KeyLookup.NONE, qcow2, CreateOptions.qcow2(size));
        byte[] bytes = Files.readAllBytes(qcow2);
        Files.delete(raw);
        Files.delete(qcow2);
        return bytes;
    }

    private Path base(String imageId) {
        return state.resolve("_base").resolve(ImageCache.baseName(imageId));
    }

    private Api login() {
        return Api.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "demo");
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The bytes of an upload, sent evenly over a given time, so a kill lands in the middle of the transfer. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final long startNanos = System.nanoTime();
        private final long durationNanos;
        private int sent;

        Trickle(byte[] data, long durationMillis) {
            this.data = data;
            this.durationNanos = durationMillis * 1_000_000;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (sent == data.length) {
                return -1;
            }
            long due = startNanos + durationNanos * sent / data.length;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("upload interrupted"); // never a short, "complete" body
                }
            }
            int n = Math.min(Math.min(len, 64 * 1024), data.length - sent);
            System.arraycopy(data, sent, b, off, n);
            sent += n;
            return n;
        }
    }
}
