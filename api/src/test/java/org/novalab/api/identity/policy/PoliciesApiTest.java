package org.novalab.api.identity.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.identity.Keystone;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Keystone's policies: blobs of a type an admin stores for other services, kept as given. */
class PoliciesApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static String base;
    static Api admin;
    static Keystone keystone;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        base = server.baseUrl();
        admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        keystone = new Keystone(base, admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject create(String blob, String type) {
        Api.Response r = admin.post("/identity/v3/policies", new JsonObject().put("policy",
                new JsonObject().put("blob", blob).put("type", type)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("policy");
    }

    @Test
    void a_policy_is_created_listed_by_type_updated_and_deleted() {
        String blob = "{\"compute:create\": \"role:member\"}";
        JsonObject created = create(blob, "application/json");
        String id = created.getString("id");
        assertThat(created.getString("blob")).isEqualTo(blob);
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/policies/" + id));
        String yaml = create("a: b", "application/yaml").getString("id");

        assertThat(ids(admin.get("/identity/v3/policies").json(), "policies")).contains(id, yaml);
        assertThat(ids(admin.get("/identity/v3/policies?type=application/yaml").json(), "policies"))
                .containsExactly(yaml);

        Api.Response updated = patch(admin, "/identity/v3/policies/" + id, new JsonObject().put("policy",
                new JsonObject().put("type", "text/json")));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonObject shown = admin.get("/identity/v3/policies/" + id).json().getJsonObject("policy");
        assertThat(shown.getString("type")).isEqualTo("text/json");
        assertThat(shown.getString("blob")).isEqualTo(blob);

        assertThat(admin.delete("/identity/v3/policies/" + id).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get("/identity/v3/policies/" + id), 404, "Not Found")
                .getString("message")).isEqualTo("Could not find policy: " + id + ".");
        assertThat(admin.delete("/identity/v3/policies/" + yaml).status()).isEqualTo(204);
    }

    @Test
    void a_policy_needs_a_blob_and_a_type_and_only_an_admin_touches_them() {
        assertThat(assertKeystoneError(admin.post("/identity/v3/policies", new JsonObject().put("policy",
                new JsonObject().put("type", "x"))), 400, "Bad Request").getString("message"))
                .contains("'blob' is a required property");
        assertThat(assertKeystoneError(admin.post("/identity/v3/policies", new JsonObject().put("policy",
                new JsonObject().put("blob", "x").put("type", 7))), 400, "Bad Request").getString("message"))
                .contains("is not of type 'string'");
        assertKeystoneError(patch(admin, "/identity/v3/policies/nope", new JsonObject().put("policy",
                new JsonObject().put("type", "x"))), 404, "Not Found");

        String project = keystone.project("policy-readers");
        String user = keystone.user("policy-member", "pw-policy");
        keystone.grant(project, user, "member");
        Api member = Keystone.as(base, Keystone.login(base, "policy-member", "pw-policy", project));
        assertThat(assertKeystoneError(member.get("/identity/v3/policies"), 403, "Forbidden").getString("message"))
                .isEqualTo("You are not authorized to perform the requested action: identity:list_policies.");
        assertKeystoneError(member.post("/identity/v3/policies", new JsonObject().put("policy",
                new JsonObject().put("blob", "x").put("type", "y"))), 403, "Forbidden");
    }
}
