package org.novalab.api.identity.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.identity.Keystone;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * Keystone's credentials and a user's OS-EC2 credentials: an EC2 credential found by its access key, the blob
 * given back as it was stored, and each user seeing only its own.
 */
class CredentialsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static String base;
    static Api admin;
    static Keystone keystone;
    static String project;
    static String otherProject;
    static String user;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        base = server.baseUrl();
        admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        keystone = new Keystone(base, admin);
        project = keystone.project("cred-lab");
        otherProject = keystone.project("cred-lab-2");
        user = keystone.user("cred-user", "pw-cred");
        keystone.grant(project, user, "member");
        member = Keystone.as(base, Keystone.login(base, "cred-user", "pw-cred", project));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sha256(String text) throws Exception {
        return String.format("%064x", new BigInteger(1, MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static Api.Response create(Api api, JsonObject credential) {
        return api.post("/identity/v3/credentials", new JsonObject().put("credential", credential));
    }

    @Test
    void an_ec2_credential_takes_its_id_from_its_access_key_and_is_updated_and_deleted() throws Exception {
        String blob = new JsonObject().put("access", "AKIA-one").put("secret", "s3cr3t-one").encode();
        Api.Response r = create(admin, new JsonObject().put("user_id", user).put("project_id", project)
                .put("type", "ec2").put("blob", blob));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonObject created = r.json().getJsonObject("credential");
        String id = created.getString("id");
        assertThat(id).isEqualTo(sha256("AKIA-one"));
        assertThat(created.getString("blob")).isEqualTo(blob);
        assertThat(created.getString("user_id")).isEqualTo(user);
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/credentials/" + id));
        assertKeystoneError(create(admin, new JsonObject().put("user_id", user).put("project_id", project)
                .put("type", "ec2").put("blob", blob)), 409, "Conflict");

        String newBlob = new JsonObject().put("access", "AKIA-two").put("secret", "s3cr3t-two").encode();
        Api.Response updated = patch(admin, "/identity/v3/credentials/" + id, new JsonObject().put("credential",
                new JsonObject().put("blob", newBlob).put("project_id", otherProject).put("type", "ec2")));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonObject shown = admin.get("/identity/v3/credentials/" + id).json().getJsonObject("credential");
        assertThat(shown.getString("id")).isEqualTo(id);
        assertThat(shown.getString("project_id")).isEqualTo(otherProject);
        assertThat(new JsonObject(shown.getString("blob")).getString("secret")).isEqualTo("s3cr3t-two");

        assertThat(admin.delete("/identity/v3/credentials/" + id).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get("/identity/v3/credentials/" + id), 404, "Not Found")
                .getString("message")).isEqualTo("Could not find credential: " + id + ".");
    }

    @Test
    void credentials_refuse_what_keystone_refuses() {
        JsonObject ec2 = new JsonObject().put("user_id", user).put("project_id", project).put("type", "ec2");
        assertThat(assertKeystoneError(create(admin, ec2.copy().put("blob", "not json")), 400, "Bad Request")
                .getString("message")).isEqualTo("Invalid blob in credential");
        assertThat(assertKeystoneError(create(admin, ec2.copy().put("blob", "{\"secret\": \"x\"}")), 400,
                "Bad Request").getString("message")).startsWith("Expecting to find access in credential.");
        JsonObject noProject = ec2.copy().put("blob", "{\"access\": \"a\"}");
        noProject.remove("project_id");
        assertThat(assertKeystoneError(create(admin, noProject), 400, "Bad Request").getString("message"))
                .contains("'project_id' is a required property");
        assertThat(assertKeystoneError(create(admin, new JsonObject().put("user_id", user).put("type", "totp")),
                400, "Bad Request").getString("message")).contains("'blob' is a required property");
        assertKeystoneError(create(admin, new JsonObject().put("user_id", "nobody").put("type", "totp")
                .put("blob", "seed")), 404, "Not Found");
    }

    @Test
    void a_user_sees_and_manages_only_its_own_credentials() {
        Api.Response own = create(member, new JsonObject().put("user_id", user).put("type", "totp")
                .put("blob", "JBSWY3DPEHPK3PXP"));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        String ownId = own.json().getJsonObject("credential").getString("id");
        String adminsId = create(admin, new JsonObject().put("user_id", adminId()).put("type", "totp")
                .put("blob", "admins-seed")).json().getJsonObject("credential").getString("id");

        assertThat(ids(member.get("/identity/v3/credentials").json(), "credentials")).containsExactly(ownId);
        assertThat(ids(admin.get("/identity/v3/credentials?user_id=" + user).json(), "credentials"))
                .containsExactly(ownId);
        assertThat(ids(admin.get("/identity/v3/credentials").json(), "credentials")).contains(ownId, adminsId);
        assertKeystoneError(member.get("/identity/v3/credentials/" + adminsId), 403, "Forbidden");
        assertKeystoneError(create(member, new JsonObject().put("user_id", adminId()).put("type", "totp")
                .put("blob", "x")), 403, "Forbidden");
        assertKeystoneError(patch(member, "/identity/v3/credentials/" + ownId, new JsonObject().put("credential",
                new JsonObject().put("user_id", adminId()))), 403, "Forbidden");
        assertKeystoneError(member.delete("/identity/v3/credentials/" + adminsId), 403, "Forbidden");
        assertThat(member.delete("/identity/v3/credentials/" + ownId).status()).isEqualTo(204);
        assertThat(admin.delete("/identity/v3/credentials/" + adminsId).status()).isEqualTo(204);
    }

    private static String adminId() {
        return admin.get("/identity/v3/users?name=admin").json().getJsonArray("users").getJsonObject(0)
                .getString("id");
    }

    @Test
    void a_member_makes_lists_shows_and_deletes_its_ec2_credentials() throws Exception {
        String path = "/identity/v3/users/" + user + "/credentials/OS-EC2";
        Api.Response r = member.post(path, new JsonObject().put("tenant_id", project));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonObject cred = r.json().getJsonObject("credential");
        String access = cred.getString("access");
        assertThat(access).hasSize(32);
        assertThat(cred.getString("secret")).hasSize(32).isNotEqualTo(access);
        assertThat(cred.getString("user_id")).isEqualTo(user);
        assertThat(cred.getString("tenant_id")).isEqualTo(project);
        assertThat(cred.getJsonObject("links").getString("self")).isEqualTo(keystone.v3(
                "/users/" + user + "/credentials/OS-EC2/" + access));
        String second = member.post(path, new JsonObject().put("tenant_id", project)).json()
                .getJsonObject("credential").getString("access");

        List<String> listed = member.get(path).json().getJsonArray("credentials").stream()
                .map(o -> ((JsonObject) o).getString("access")).toList();
        assertThat(listed).containsExactlyInAnyOrder(access, second);
        JsonObject shown = member.get(path + "/" + access).json().getJsonObject("credential");
        assertThat(shown.getString("secret")).isEqualTo(cred.getString("secret"));
        // the same credential through /v3/credentials, of type ec2, its id the access key's hash
        JsonObject asCredential = admin.get("/identity/v3/credentials/" + sha256(access)).json()
                .getJsonObject("credential");
        assertThat(asCredential.getString("type")).isEqualTo("ec2");
        assertThat(new JsonObject(asCredential.getString("blob")).getString("access")).isEqualTo(access);

        assertKeystoneError(member.post("/identity/v3/users/" + adminId() + "/credentials/OS-EC2",
                new JsonObject().put("tenant_id", project)), 403, "Forbidden");
        assertKeystoneError(member.post(path, new JsonObject().put("tenant_id", "nowhere")), 404, "Not Found");

        assertThat(member.delete(path + "/" + access).status()).isEqualTo(204);
        assertKeystoneError(member.get(path + "/" + access), 404, "Not Found");
        assertThat(member.delete(path + "/" + second).status()).isEqualTo(204);
        assertThat(member.get(path).json().getJsonArray("credentials")).isEmpty();
    }

    @Test
    void a_users_credentials_go_with_it() {
        String gone = keystone.user("cred-leaver", "pw-leaver");
        String id = create(admin, new JsonObject().put("user_id", gone).put("type", "totp").put("blob", "seed"))
                .json().getJsonObject("credential").getString("id");
        assertThat(admin.delete("/identity/v3/users/" + gone).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/credentials/" + id), 404, "Not Found");
    }
}
