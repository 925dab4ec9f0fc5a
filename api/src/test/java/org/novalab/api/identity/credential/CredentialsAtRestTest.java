package org.novalab.api.identity.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.persistence.DatabaseConfig;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** A credential's blob is a secret: the database row holds it sealed, and the next start opens it again. */
class CredentialsAtRestTest {
    @TempDir
    Path state;

    @Test
    void the_row_holds_the_blob_sealed_and_a_restart_opens_it() throws Exception {
        String secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
        String blob = new JsonObject().put("access", "AKIA-at-rest").put("secret", secret).encode();
        String id;
        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            String user = admin.get("/identity/v3/users?name=admin").json().getJsonArray("users").getJsonObject(0)
                    .getString("id");
            String project = admin.get("/identity/v3/projects?name=demo").json().getJsonArray("projects")
                    .getJsonObject(0).getString("id");
            Api.Response r = admin.post("/identity/v3/credentials", new JsonObject().put("credential",
                    new JsonObject().put("user_id", user).put("project_id", project).put("type", "ec2")
                            .put("blob", blob)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            id = r.json().getJsonObject("credential").getString("id");
        }

        DatabaseConfig db = TestServers.config(state).database().resolved();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                ResultSet row = c.createStatement().executeQuery("SELECT * FROM keystone_credentials")) {
            assertThat(row.next()).isTrue();
            StringBuilder everyColumn = new StringBuilder();
            for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                everyColumn.append(row.getString(i)).append('\n');
            }
            assertThat(row.getString("id")).isEqualTo(id);
            assertThat(row.getString("encrypted_blob")).isNotBlank();
            assertThat(everyColumn.toString()).doesNotContain(secret).doesNotContain("AKIA-at-rest");
            assertThat(row.next()).isFalse();
        }

        try (NovalabServer server = TestServers.start(TestServers.config(state), new FakeCompute())) {
            Api admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
            assertThat(admin.get("/identity/v3/credentials/" + id).json().getJsonObject("credential")
                    .getString("blob")).isEqualTo(blob);
        }
    }
}
