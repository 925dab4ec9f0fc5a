package org.novalab.api.compute.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.api.testing.Users;

/**
 * {@code /os-keypairs} as Nova answers it: generated pairs hand their private key back once, imported public keys
 * get the fingerprint ssh-keygen and openssl compute, key pairs belong to users, and servers name them.
 */
class KeyPairApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api alice;
    static Api bob;
    static String aliceId;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String red = users.project("red");
        aliceId = users.user("alice", red, "member");
        users.user("bob", red, "member");
        alice = Api.login(server.baseUrl(), "alice", "pw-alice", "red");
        bob = Api.login(server.baseUrl(), "bob", "pw-bob", "red");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
        for (Api who : List.of(admin, alice, bob)) {
            for (Object o : who.get("/v2.1/os-keypairs").json().getJsonArray("keypairs")) {
                who.delete("/v2.1/os-keypairs/" + ((JsonObject) o).getJsonObject("keypair").getString("name")
                        .replace(" ", "%20"));
            }
        }
    }

    static Api.Response call(Api who, String method, String path, JsonObject body, String microversion) {
        return who.send(method, path, body == null ? null : body.encode(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static Api.Response create(Api who, String microversion, JsonObject keypair) {
        return call(who, "POST", "/v2.1/os-keypairs", new JsonObject().put("keypair", keypair), microversion);
    }

    static String resource(String name) throws Exception {
        return Files.readString(Path.of(KeyPairApiTest.class.getResource("/keypairs/" + name).toURI())).strip();
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getInteger("code")).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    @Test
    void a_generated_ssh_key_pair_hands_back_its_private_key_once() throws Exception {
        Api.Response created = create(alice, "2.2", new JsonObject().put("name", "laptop"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject k = created.json().getJsonObject("keypair");
        assertThat(k.getString("type")).isEqualTo("ssh");
        assertThat(k.getString("user_id")).isEqualTo(aliceId);
        assertThat(k.getString("public_key")).matches("ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+ Generated-by-Nova");
        assertThat(k.getString("fingerprint")).isEqualTo(SshPublicKey.fingerprint(k.getString("public_key")))
                .matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
        String privateKey = k.getString("private_key");
        assertThat(privateKey).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
        assertThat(signsFor(rsaKeyOfPkcs1(privateKey), k.getString("public_key"))).isTrue();

        JsonObject shown = call(alice, "GET", "/v2.1/os-keypairs/laptop", null, "2.2").json().getJsonObject("keypair");
        assertThat(shown.containsKey("private_key")).isFalse();
        assertThat(shown.getString("public_key")).isEqualTo(k.getString("public_key"));
        assertThat(shown.getString("fingerprint")).isEqualTo(k.getString("fingerprint"));
        assertThat(shown.getBoolean("deleted")).isFalse();
        assertThat(shown.getValue("deleted_at")).isNull();
        assertThat(shown.getValue("updated_at")).isNull();
        assertThat(shown.getLong("id")).isPositive();
        assertThat(shown.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        JsonArray listed = call(alice, "GET", "/v2.1/os-keypairs", null, "2.2").json().getJsonArray("keypairs");
        assertThat(listed).hasSize(1);
        assertThat(listed.getJsonObject(0).getJsonObject("keypair").fieldNames())
                .containsExactlyInAnyOrder("name", "public_key", "fingerprint", "type");
        String database = new String(Files.readAllBytes(state.resolve("novalab-db.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(database).as("the public key is stored as text").contains(middle(k.getString("public_key")));
        assertThat(database).as("the private key is not stored")
                .doesNotContain(middle(privateKey.lines().skip(5).findFirst().orElseThrow()));

        assertThat(call(alice, "DELETE", "/v2.1/os-keypairs/laptop", null, "2.2").status()).isEqualTo(204);
        refused(call(alice, "GET", "/v2.1/os-keypairs/laptop", null, "2.2"), 404, "itemNotFound",
                "Keypair laptop not found for user " + aliceId);
        refused(call(alice, "DELETE", "/v2.1/os-keypairs/laptop", null, "2.2"), 404, "itemNotFound",
                "Keypair laptop not found for user " + aliceId);
    }

    @Test
    void imported_ssh_keys_get_the_fingerprint_ssh_keygen_shows() throws Exception {
        Map<String, String> sshKeygenMd5 = Map.of(
                "rsa2048.pub", "bb:29:dc:5b:a4:dd:95:b6:95:01:da:78:30:a2:18:5c",
                "ed25519.pub", "09:60:43:b9:64:44:65:4d:3a:16:71:96:11:dc:0b:f8",
                "ecdsa256.pub", "df:ef:2a:5e:0a:9d:e1:1d:a6:ba:a3:f7:c1:8d:b4:1f",
                "ecdsa384.pub", "9c:4a:92:12:b3:59:96:e0:52:cf:3f:60:05:3d:79:11",
                "ecdsa521.pub", "44:16:42:69:ec:0f:26:96:61:29:f6:15:d0:29:17:c9",
                "dsa.pub", "83:91:86:13:1c:56:01:86:1e:31:de:54:2a:63:5e:bd");
        for (var e : sshKeygenMd5.entrySet()) {
            String name = e.getKey().replace(".pub", "");
            Api.Response r = create(alice, "2.2", new JsonObject().put("name", name).put("public_key", resource(e.getKey())));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            JsonObject k = r.json().getJsonObject("keypair");
            assertThat(k.getString("fingerprint")).as(name).isEqualTo(e.getValue());
            assertThat(k.getString("public_key")).isEqualTo(resource(e.getKey()));
            assertThat(k.containsKey("private_key")).as("an imported pair has no private key to give").isFalse();
        }
        assertThat(alice.get("/v2.1/os-keypairs").json().getJsonArray("keypairs")).hasSize(sshKeygenMd5.size());
    }

    @Test
    void a_public_key_nova_cannot_read_is_refused_and_nothing_is_stored() {
        for (String bad : List.of("ssh-rsa JUNK nova@ubuntu", "ssh-rsa " + "A".repeat(2048) + " openstack@ubuntu", " ",
                "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x")) {
            refused(create(alice, "2.2", new JsonObject().put("name", "bad").put("public_key", bad)), 400,
                    "badRequest", "Keypair data is invalid: failed to generate fingerprint");
        }
        refused(create(alice, "2.2", new JsonObject().put("name", "bad").put("public_key", 42)), 400, "badRequest",
                "Invalid input for field/attribute public_key. Value: 42. 42 is not of type 'string'");
        assertThat(alice.get("/v2.1/os-keypairs").json().getJsonArray("keypairs")).isEmpty();
    }

    @Test
    void an_x509_certificate_is_imported_from_2_2_with_its_sha1_fingerprint() throws Exception {
        String pem = resource("certificate.pem");
        Api.Response r = create(alice, "2.2", new JsonObject().put("name", "winrm").put("type", "x509")
                .put("public_key", pem));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        // openssl x509 -noout -fingerprint -sha1
        assertThat(r.json().getJsonObject("keypair").getString("fingerprint"))
                .isEqualTo("1B:B1:3A:7A:3F:9C:EB:AC:E1:69:74:89:0A:D2:27:3E:79:90:2A:7C".toLowerCase());
        assertThat(r.json().getJsonObject("keypair").getString("type")).isEqualTo("x509");
        refused(create(alice, "2.2", new JsonObject().put("name", "winrm2").put("type", "x509")
                .put("public_key", resource("rsa2048.pub"))), 400, "badRequest", "Keypair data is invalid: failed to "
                + "generate X509 fingerprint. Error message: no PEM certificate (-----BEGIN CERTIFICATE-----) was found");
        refused(create(alice, "2.2", new JsonObject().put("name", "winrm2").put("type", "ssh").put("public_key", pem)),
                400, "badRequest", "Keypair data is invalid: failed to generate fingerprint");
        refused(create(alice, "2.2", new JsonObject().put("name", "winrm2").put("type", "rsa")), 400, "badRequest",
                "Invalid input for field/attribute type. Value: rsa. 'rsa' is not one of ['ssh', 'x509']");
        refused(create(alice, "2.1", new JsonObject().put("name", "winrm2").put("type", "x509")), 400, "badRequest",
                "Invalid input for field/attribute keypair. Value: {\"name\":\"winrm2\",\"type\":\"x509\"}. "
                        + "Additional properties are not allowed ('type' was unexpected)");
    }

    @Test
    void a_generated_x509_key_pair_is_a_client_certificate_and_its_pkcs12_bundle() throws Exception {
        Api.Response r = create(alice, "2.2", new JsonObject().put("name", "winrm").put("type", "x509"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonObject k = r.json().getJsonObject("keypair");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(k.getString("public_key").getBytes(StandardCharsets.US_ASCII)));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + aliceId);
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).singleElement().satisfies(n -> assertThat(n.get(0)).isEqualTo(0));
        assertThat(cert.getNotAfter().getTime() - cert.getNotBefore().getTime()).isEqualTo(3650L * 86400 * 1000);
        cert.verify(cert.getPublicKey());
        assertThat(k.getString("fingerprint")).isEqualTo(java.util.HexFormat.ofDelimiter(":")
                .formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(cert.getEncoded())));

        KeyStore bundle = KeyStore.getInstance("PKCS12");
        bundle.load(new ByteArrayInputStream(Base64.getDecoder().decode(k.getString("private_key"))), new char[0]);
        String alias = bundle.aliases().nextElement();
        assertThat(bundle.getCertificate(alias)).isEqualTo(cert);
        PrivateKey key = (PrivateKey) bundle.getKey(alias, new char[0]);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void names_are_checked_as_nova_checks_them_and_are_unique_per_user() {
        refused(create(alice, "2.2", new JsonObject().put("name", "key_/.\\@:")), 400, "badRequest",
                "Invalid input for field/attribute name. Value: key_/.\\@:. 'key_/.\\\\@:' does not match "
                        + "'^[_\\\\- a-zA-Z0-9]+$'");
        refused(create(alice, "2.2", new JsonObject().put("name", "")), 400, "badRequest",
                "Invalid input for field/attribute name. Value: . '' is too short");
        assertThat(create(alice, "2.2", new JsonObject().put("name", "k".repeat(256))).body()).contains("is too long");
        assertThat(create(alice, "2.2", new JsonObject().put("name", " lead")).body()).contains("An invalid 'name' value");
        refused(call(alice, "POST", "/v2.1/os-keypairs", new JsonObject().put("name", "x"), "2.2"), 400, "badRequest",
                "Additional properties are not allowed ('name' was unexpected)");
        refused(call(alice, "POST", "/v2.1/os-keypairs", new JsonObject().put("keypair", new JsonObject()), "2.2"),
                400, "badRequest", "Invalid input for field/attribute keypair. Value: {}. 'name' is a required property");

        assertThat(create(alice, "2.2", new JsonObject().put("name", "my key-1_")).status()).isEqualTo(201);
        refused(create(alice, "2.2", new JsonObject().put("name", "my key-1_")), 409, "conflictingRequest",
                "Key pair 'my key-1_' already exists.");
        assertThat(create(bob, "2.2", new JsonObject().put("name", "my key-1_")).status())
                .as("another user of the same project has names of their own").isEqualTo(201);
        assertThat(call(alice, "GET", "/v2.1/os-keypairs/my%20key-1_", null, "2.2").status()).isEqualTo(200);
    }

    @Test
    void before_2_2_a_create_answers_200_without_type_and_a_delete_202() {
        Api.Response r = create(alice, "2.1", new JsonObject().put("name", "old"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().getJsonObject("keypair").fieldNames())
                .containsExactlyInAnyOrder("name", "public_key", "fingerprint", "user_id", "private_key");
        assertThat(call(alice, "GET", "/v2.1/os-keypairs/old", null, "2.1").json().getJsonObject("keypair")
                .containsKey("type")).isFalse();
        assertThat(call(alice, "DELETE", "/v2.1/os-keypairs/old", null, "2.1").status()).isEqualTo(202);
    }

    @Test
    void key_pairs_are_their_users_own_and_an_admin_names_a_user_from_2_10() throws Exception {
        assertThat(create(alice, "2.10", new JsonObject().put("name", "mine")).status()).isEqualTo(201);
        assertThat(bob.get("/v2.1/os-keypairs").json().getJsonArray("keypairs")).isEmpty();
        assertThat(call(bob, "GET", "/v2.1/os-keypairs/mine", null, "2.10").status()).isEqualTo(404);
        refused(call(bob, "GET", "/v2.1/os-keypairs/mine?user_id=" + aliceId, null, "2.10"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-keypairs:show to be performed.");
        refused(call(bob, "DELETE", "/v2.1/os-keypairs/mine?user_id=" + aliceId, null, "2.10"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-keypairs:delete to be performed.");
        refused(call(bob, "GET", "/v2.1/os-keypairs?user_id=" + aliceId, null, "2.10"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-keypairs:index to be performed.");
        refused(create(bob, "2.10", new JsonObject().put("name", "planted").put("user_id", aliceId)), 403,
                "forbidden", "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.");
        // before 2.10 the query names nobody: bob's own (empty) list
        assertThat(call(bob, "GET", "/v2.1/os-keypairs?user_id=" + aliceId, null, "2.9").json()
                .getJsonArray("keypairs")).isEmpty();

        Api.Response forAlice = create(admin, "2.10", new JsonObject().put("name", "given").put("user_id", aliceId));
        assertThat(forAlice.status()).as(forAlice.body()).isEqualTo(201);
        assertThat(forAlice.json().getJsonObject("keypair").getString("user_id")).isEqualTo(aliceId);
        assertThat(names(call(alice, "GET", "/v2.1/os-keypairs", null, "2.10"))).containsExactly("given", "mine");
        assertThat(names(call(admin, "GET", "/v2.1/os-keypairs?user_id=" + aliceId, null, "2.10")))
                .containsExactly("given", "mine");
        assertThat(names(call(admin, "GET", "/v2.1/os-keypairs", null, "2.10"))).isEmpty();
        assertThat(call(admin, "GET", "/v2.1/os-keypairs/given?user_id=" + aliceId, null, "2.10").json()
                .getJsonObject("keypair").getString("user_id")).isEqualTo(aliceId);
        assertThat(call(admin, "DELETE", "/v2.1/os-keypairs/given?user_id=" + aliceId, null, "2.10").status())
                .isEqualTo(204);
        assertThat(names(call(alice, "GET", "/v2.1/os-keypairs", null, "2.10"))).containsExactly("mine");
        refused(create(admin, "2.9", new JsonObject().put("name", "x").put("user_id", aliceId)), 400, "badRequest",
                "Invalid input for field/attribute keypair. Value: {\"name\":\"x\",\"user_id\":\"" + aliceId
                        + "\"}. Additional properties are not allowed ('user_id' was unexpected)");
    }

    @Test
    void from_2_35_the_list_is_paged_by_name_with_a_next_link() {
        for (String n : List.of("d", "b", "a", "c", "e")) {
            assertThat(create(alice, "2.35", new JsonObject().put("name", n)
                    .put("public_key", uncheckedResource("ed25519.pub"))).status()).isEqualTo(201);
        }
        Api.Response first = call(alice, "GET", "/v2.1/os-keypairs?limit=2", null, "2.35");
        assertThat(names(first)).containsExactly("a", "b");
        JsonArray links = first.json().getJsonArray("keypairs_links");
        assertThat(links.getJsonObject(0).getString("rel")).isEqualTo("next");
        String href = links.getJsonObject(0).getString("href");
        assertThat(href).isEqualTo(server.baseUrl() + "/v2.1/os-keypairs?limit=2&marker=b");
        Api.Response second = call(alice, "GET", href.substring(server.baseUrl().length()), null, "2.35");
        assertThat(names(second)).containsExactly("c", "d");
        Api.Response last = call(alice, "GET", "/v2.1/os-keypairs?limit=2&marker=d", null, "2.35");
        assertThat(names(last)).containsExactly("e");
        assertThat(last.json().containsKey("keypairs_links")).isFalse();
        assertThat(names(call(alice, "GET", "/v2.1/os-keypairs?marker=c", null, "2.35"))).containsExactly("d", "e");
        // before 2.35 paging parameters are not read
        assertThat(names(call(alice, "GET", "/v2.1/os-keypairs?limit=2", null, "2.34"))).hasSize(5);

        refused(call(alice, "GET", "/v2.1/os-keypairs?marker=zz", null, "2.35"), 400, "badRequest",
                "Marker zz could not be found.");
        refused(call(alice, "GET", "/v2.1/os-keypairs?limit=-1", null, "2.35"), 400, "badRequest",
                "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'");
        refused(call(alice, "GET", "/v2.1/os-keypairs?sort=name", null, "2.75"), 400, "badRequest",
                "Additional properties are not allowed ('sort' was unexpected)");
        assertThat(call(alice, "GET", "/v2.1/os-keypairs?sort=name", null, "2.74").status()).isEqualTo(200);
    }

    @Test
    void a_server_is_created_with_one_of_its_users_key_pairs_and_keeps_its_name() throws Exception {
        assertThat(create(alice, "2.2", new JsonObject().put("name", "deploy").put("public_key", resource("ed25519.pub")))
                .status()).isEqualTo(201);
        JsonObject body = new JsonObject().put("server", new JsonObject().put("name", "vm").put("imageRef",
                TestServers.CIRROS).put("flavorRef", "1").put("networks", "none").put("key_name", "deploy"));
        Api.Response refusedForBob = call(bob, "POST", "/v2.1/servers", body, "2.37");
        refused(refusedForBob, 400, "badRequest", "Invalid key_name provided.");
        assertThat(bob.get("/v2.1/servers").json().getJsonArray("servers")).isEmpty();

        Api.Response created = call(alice, "POST", "/v2.1/servers", body, "2.37");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().getJsonObject("server").getString("id");
        assertThat(alice.awaitStatus(id, "ACTIVE").getString("key_name")).isEqualTo("deploy");
        alice.delete("/v2.1/os-keypairs/deploy");
        assertThat(alice.get("/v2.1/servers/" + id).json().getJsonObject("server").getString("key_name"))
                .as("the server keeps the name of the key it was made with").isEqualTo("deploy");
    }

    private static String uncheckedResource(String name) {
        try {
            return resource(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("keypairs").stream()
                .map(o -> ((JsonObject) o).getJsonObject("keypair").getString("name")).toList();
    }

    /** 32 characters from the middle of a line of base64: found only where the text itself is. */
    private static String middle(String text) {
        int at = text.length() / 2;
        return text.substring(at - 16, at + 16);
    }

    /** The PKCS#1 RSAPrivateKey in its PKCS#8 wrapping, which the JDK's key factory reads. */
    private static PrivateKey rsaKeyOfPkcs1(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN RSA PRIVATE KEY-----", "").replace("-----END RSA PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] pkcs1 = Base64.getDecoder().decode(base64);
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(algorithm);
        content.writeBytes(tlv(0x04, pkcs1));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(tlv(0x30, content.toByteArray())));
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(0x82);
        out.write(value.length >> 8);
        out.write(value.length & 0xff);
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Signs with the private key and verifies with the RSA key the ssh-rsa line holds. */
    private static boolean signsFor(PrivateKey key, String sshRsaLine) throws Exception {
        java.nio.ByteBuffer blob = java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(sshRsaLine.split(" ")[1]));
        byte[][] fields = new byte[3][];
        for (int i = 0; i < 3; i++) {
            fields[i] = new byte[blob.getInt()];
            blob.get(fields[i]);
        }
        var pub = KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(
                new java.math.BigInteger(fields[2]), new java.math.BigInteger(fields[1])));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(new byte[] {7});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pub);
        verifier.update(new byte[] {7});
        return verifier.verify(signature);
    }
}
