package org.novalab.dist.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.Api;
import org.novalab.disk.Passphrase;
import org.novalab.disk.crypto.DiskKeys;
import org.novalab.dist.testing.NovalabProcess;
import org.novalab.keys.MasterKey;
import org.novalab.testing.HeapDump;
import org.novalab.testing.Needle;

/**
 * A heap dump of a running {@code novalab serve} holds no secret: after encrypted servers (LUKS and legacy qcow
 * AES) were booted through the API and their consoles read, and a libvirt secret was given a value through the
 * virsh endpoint, no passphrase, no key derived from one (the qcow AES key, the LUKS master key and its XTS
 * halves), no value set through virsh and not the key manager's master key is in the server's live heap, in any
 * form (bytes, UTF-16, hex, Base64); nor, but for the one copy Vert.x makes of a request body, among its
 * unreachable objects. The test learns the passphrases from the stopped server's state dir (master key and the
 * database's ciphertext), never from the server.
 */
@Tag("integration")
class SecretsInHeapIT {
    private static final String ADMIN_PASSWORD = "heap-dump-admin";
    private static final int SERVERS_PER_FORMAT = 4;
    private static final Map<String, String> ENCRYPTED_FLAVORS = Map.of("101", "luks", "102", "qcow");
    private static final String VIRSH_VALUE = "the value set by virsh secret-set-value";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_heap_dump_after_encrypted_boots_holds_no_passphrase_no_derived_key_and_no_master_key() throws Exception {
        Path state = work.resolve("state");
        Map<UUID, String> servers = new LinkedHashMap<>();
        byte[] virshValue = new byte[32];
        new SecureRandom().nextBytes(virshValue);
        HeapDump live;
        HeapDump all;
        Phases phases = new Phases();
        try (NovalabProcess server = NovalabProcess.serve(state, ADMIN_PASSWORD, work.resolve("server.log"))) {
            phases.done("server started");
            Api admin = Api.login(server.baseUrl(), "admin", ADMIN_PASSWORD, "demo");
            String image = imageId(admin, "cirros-x86_64");
            for (int i = 0; i < SERVERS_PER_FORMAT; i++) {
                for (Map.Entry<String, String> flavor : ENCRYPTED_FLAVORS.entrySet()) {
                    String name = flavor.getValue() + "-" + i;
                    servers.put(UUID.fromString(create(admin, name, image, flavor.getKey())), name);
                }
            }
            for (UUID id : servers.keySet()) {
                admin.awaitStatus(id.toString(), "ACTIVE");
                assertThat(console(admin, id)).as("the emulated guest of %s booted", servers.get(id))
                        .contains("novalab fixture guest: booted from disk");
            }
            setVirshSecret(admin, work.resolve("some-volume"), virshValue);
            phases.done(servers.size() + " servers ACTIVE, consoles read, virsh secret set");

            // all objects first: the live dump's full collection would take the garbage away
            all = server.heapDump(work.resolve("all.hprof"), HeapDump.Reach.ALL);
            live = server.heapDump(work.resolve("live.hprof"), HeapDump.Reach.LIVE);
            phases.done("heap dumped");
        }
        phases.done("server stopped");

        Map<String, List<Needle>> secrets = secretsOf(state, servers);
        secrets.put(VIRSH_VALUE, Needle.formsOf("virsh secret value", virshValue));
        secrets.put("the master key", Needle.formsOf("master key",
                Files.readAllBytes(state.resolve(MasterKey.FILE_NAME))));

        phases.done("secrets learned from the state dir");
        Map<String, List<String>> inLive = found(live, secrets);
        Map<String, List<String>> inAll = found(all, secrets);
        phases.done("dumps searched");
        System.out.printf("live heap: %d of %d secrets found %s%nall objects: %d of %d secrets found %s%n%s%n",
                inLive.size(), secrets.size(), inLive, inAll.size(), secrets.size(), inAll, phases);
        // a positive control: the command line (java.lang's own strings) holds the admin password; were it not
        // found, the dump or the search would be broken and every "not found" below would mean nothing
        assertThat(live.find(List.of(new Needle("admin password", ADMIN_PASSWORD.getBytes(StandardCharsets.US_ASCII)))))
                .as("the search finds a string the server is known to hold").isNotEmpty();
        assertThat(inLive).as("secrets in the live heap of the server (%d of %d)", inLive.size(), secrets.size())
                .isEmpty();
        // Among unreachable objects too, except the one copy novalab cannot reach: Vert.x's heap copy of the virsh
        // request body, made before any handler sees it (garbage once the request is done, gone at the next GC).
        inAll.remove(VIRSH_VALUE);
        assertThat(inAll).as("secrets among the server's unreachable objects").isEmpty();
    }

    /** How long each step took, for the test's output (it must stay well under a minute on a quiet machine). */
    private static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void done(String phase) {
            long now = System.nanoTime();
            text.append(String.format("%-60s %6.1f s%n", phase, (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** Every secret of every server: its passphrase and the keys its disk derives from it, in all their forms. */
    private static Map<String, List<Needle>> secretsOf(Path state, Map<UUID, String> servers) throws Exception {
        Map<String, List<Needle>> secrets = new LinkedHashMap<>();
        Map<UUID, Passphrase> passphrases = StateDirSecrets.rootDiskPassphrases(state);
        assertThat(passphrases.keySet()).as("one passphrase per encrypted server").containsExactlyInAnyOrderElementsOf(
                servers.keySet());
        try {
            for (Map.Entry<UUID, Passphrase> e : passphrases.entrySet()) {
                String name = servers.get(e.getKey());
                List<Needle> needles = new ArrayList<>(Needle.formsOf("passphrase of " + name, e.getValue().bytes()));
                for (Map.Entry<String, byte[]> key : DiskKeys.of(state.resolve(e.getKey().toString()).resolve("disk"),
                        e.getValue()).entrySet()) {
                    needles.addAll(Needle.formsOf(key.getKey() + " of " + name, key.getValue()));
                    Arrays.fill(key.getValue(), (byte) 0);
                }
                secrets.put("server " + name, needles);
            }
        } finally {
            passphrases.values().forEach(Passphrase::close);
        }
        return secrets;
    }

    /** For each secret with any form in the dump: the forms found (one pass over the dump for all of them). */
    private static Map<String, List<String>> found(HeapDump dump, Map<String, List<Needle>> secrets) {
        Set<String> hits = Set.copyOf(dump.find(secrets.values().stream().flatMap(List::stream).toList()));
        Map<String, List<String>> found = new LinkedHashMap<>();
        secrets.forEach((secret, needles) -> {
            List<String> forms = needles.stream().map(Needle::label).filter(hits::contains).toList();
            if (!forms.isEmpty()) {
                found.put(secret, forms);
            }
        });
        return found;
    }

    private static String imageId(Api api, String name) {
        return api.get("/v2/images").json().getJsonArray("images").stream().map(JsonObject.class::cast)
                .filter(i -> name.equals(i.getString("name"))).findFirst().orElseThrow().getString("id");
    }

    private static String create(Api api, String name, String image, String flavor) {
        Api.Response r = api.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", image).put("flavorRef", flavor).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }

    private static String console(Api api, UUID server) {
        Api.Response r = api.post("/v2.1/servers/" + server + "/action", "{\"os-getConsoleOutput\": {}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getString("output");
    }

    /** {@code virsh secret-define} and {@code secret-set-value}: the value travels as Base64 in a JSON body. */
    private static void setVirshSecret(Api api, Path volume, byte[] value) {
        Api.Response defined = api.post("/novalab/v1/virsh/secrets", "<secret ephemeral='no' private='yes'><usage "
                + "type='volume'><volume>" + volume + "</volume></usage></secret>");
        assertThat(defined.status()).as(defined.body()).isEqualTo(201);
        String uuid = defined.json().getString("uuid");
        Api.Response set = api.send("PUT", "/novalab/v1/virsh/secrets/" + uuid + "/value",
                new JsonObject().put("base64", Base64.getEncoder().encodeToString(value)).encode(), Map.of());
        assertThat(set.status()).as(set.body()).isEqualTo(204);
    }
}
