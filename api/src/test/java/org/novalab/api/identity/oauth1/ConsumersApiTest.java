package org.novalab.api.identity.oauth1;

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

/** OS-OAUTH1's consumers: registered by an admin, their secret shown once and never again. */
class ConsumersApiTest {
    private static final String CONSUMERS = "/identity/v3/OS-OAUTH1/consumers";
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

    @Test
    void a_consumer_shows_its_secret_once_and_is_updated_listed_and_deleted() {
        Api.Response r = admin.post(CONSUMERS, new JsonObject().put("consumer",
                new JsonObject().put("description", "a wiki")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonObject created = r.json().getJsonObject("consumer");
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertThat(secret).hasSize(64);
        assertThat(created.getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/OS-OAUTH1/consumers/" + id));

        Api.Response shown = admin.get(CONSUMERS + "/" + id);
        assertThat(shown.json().getJsonObject("consumer").getString("description")).isEqualTo("a wiki");
        assertThat(shown.body()).doesNotContain(secret);
        assertThat(admin.get(CONSUMERS).body()).doesNotContain(secret);
        assertThat(ids(admin.get(CONSUMERS).json(), "consumers")).contains(id);

        assertThat(patch(admin, CONSUMERS + "/" + id, new JsonObject().put("consumer",
                new JsonObject().put("description", "the wiki"))).status()).isEqualTo(200);
        assertThat(admin.get(CONSUMERS + "/" + id).json().getJsonObject("consumer").getString("description"))
                .isEqualTo("the wiki");
        assertKeystoneError(patch(admin, CONSUMERS + "/" + id, new JsonObject().put("consumer",
                new JsonObject().put("secret", "mine"))), 400, "Bad Request");

        assertThat(admin.delete(CONSUMERS + "/" + id).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get(CONSUMERS + "/" + id), 404, "Not Found").getString("message"))
                .isEqualTo("Consumer not found");
    }

    @Test
    void only_an_admin_registers_consumers() {
        String project = keystone.project("oauth-lab");
        String user = keystone.user("oauth-member", "pw-oauth");
        keystone.grant(project, user, "member");
        Api member = Keystone.as(base, Keystone.login(base, "oauth-member", "pw-oauth", project));
        assertKeystoneError(member.post(CONSUMERS, new JsonObject().put("consumer", new JsonObject())), 403,
                "Forbidden");
        assertKeystoneError(member.get(CONSUMERS), 403, "Forbidden");
    }
}
