package org.novalab.api.identity.domainconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.identity.Keystone;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Keystone's domain-specific configuration: a domain's identity and ldap options, and Keystone's defaults. */
class DomainConfigApiTest {
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

    private static Api.Response put(String domain, JsonObject config) {
        return admin.send("PUT", "/identity/v3/domains/" + domain + "/config",
                new JsonObject().put("config", config).encode(), Map.of());
    }

    private static JsonObject ldapConfig() {
        return new JsonObject().put("identity", new JsonObject().put("driver", "ldap"))
                .put("ldap", new JsonObject().put("url", "ldap://ldap.example:389/")
                        .put("user_tree_dn", "ou=Users,dc=example,dc=org"));
    }

    @Test
    void keystones_defaults_are_shown_by_group_and_option_but_never_a_sensitive_one() {
        JsonObject all = admin.get("/identity/v3/domains/config/default").json().getJsonObject("config");
        assertThat(all.getJsonObject("identity").getString("driver")).isEqualTo("sql");
        assertThat(all.getJsonObject("identity").containsKey("list_limit")).isTrue();
        assertThat(all.getJsonObject("ldap").getString("url")).isEqualTo("ldap://localhost");
        assertThat(all.getJsonObject("ldap").containsKey("password")).isFalse();
        assertThat(admin.get("/identity/v3/domains/config/ldap/default").json().getJsonObject("config")
                .getJsonObject("ldap").getInteger("pool_size")).isEqualTo(10);
        assertThat(admin.get("/identity/v3/domains/config/ldap/user_objectclass/default").json()
                .getJsonObject("config")).isEqualTo(new JsonObject().put("user_objectclass", "inetOrgPerson"));
        assertThat(assertKeystoneError(admin.get("/identity/v3/domains/config/ldap/password/default"), 403,
                "Forbidden").getString("message")).isEqualTo("Invalid domain specific configuration: Reading the "
                + "default for option password in group ldap is not supported.");
        assertKeystoneError(admin.get("/identity/v3/domains/config/assignment/default"), 403, "Forbidden");
    }

    @Test
    void a_domain_config_is_created_read_by_group_and_option_updated_and_deleted() {
        String domain = keystone.domain("ldap-domain");
        Api.Response created = put(domain, ldapConfig().copy());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getJsonObject("config")).isEqualTo(ldapConfig());
        assertThat(put(domain, ldapConfig()).status()).isEqualTo(200);
        assertThat(admin.get("/identity/v3/domains/" + domain + "/config/ldap").json().getJsonObject("config"))
                .isEqualTo(new JsonObject().put("ldap", ldapConfig().getJsonObject("ldap")));
        assertThat(admin.get("/identity/v3/domains/" + domain + "/config/ldap/url").json().getJsonObject("config"))
                .isEqualTo(new JsonObject().put("url", "ldap://ldap.example:389/"));

        Api.Response group = patch(admin, "/identity/v3/domains/" + domain + "/config/identity", new JsonObject()
                .put("config", new JsonObject().put("identity", new JsonObject().put("driver", "ldap2")
                        .put("list_limit", 50))));
        assertThat(group.status()).as(group.body()).isEqualTo(200);
        assertThat(group.json().getJsonObject("config").getJsonObject("identity").getInteger("list_limit"))
                .isEqualTo(50);
        Api.Response option = patch(admin, "/identity/v3/domains/" + domain + "/config/identity/driver",
                new JsonObject().put("config", new JsonObject().put("driver", "ldap3")));
        assertThat(option.json().getJsonObject("config").getJsonObject("identity").getString("driver"))
                .isEqualTo("ldap3");

        assertThat(admin.delete("/identity/v3/domains/" + domain + "/config/identity/driver").status())
                .isEqualTo(204);
        assertThat(assertKeystoneError(admin.get("/identity/v3/domains/" + domain + "/config/identity/driver"), 404,
                "Not Found").getString("message")).isEqualTo("Could not find option driver in group identity in "
                + "domain configuration for domain " + domain + ".");
        assertThat(admin.delete("/identity/v3/domains/" + domain + "/config/identity").status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/domains/" + domain + "/config/identity"), 404, "Not Found");
        assertThat(admin.delete("/identity/v3/domains/" + domain + "/config").status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get("/identity/v3/domains/" + domain + "/config"), 404, "Not Found")
                .getString("message")).isEqualTo("Could not find any options in domain configuration for domain "
                + domain + ".");
    }

    @Test
    void an_ldap_password_is_kept_but_never_shown_and_bad_options_are_refused() {
        String domain = keystone.domain("secret-ldap");
        Api.Response created = put(domain, ldapConfig().copy().put("ldap", ldapConfig().getJsonObject("ldap").copy()
                .put("password", "bind-s3cret")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("bind-s3cret");
        assertThat(admin.get("/identity/v3/domains/" + domain + "/config").body()).doesNotContain("bind-s3cret");
        assertKeystoneError(admin.get("/identity/v3/domains/" + domain + "/config/ldap/password"), 404, "Not Found");

        assertThat(assertKeystoneError(put(domain, new JsonObject().put("assignment", new JsonObject()
                .put("driver", "sql"))), 403, "Forbidden").getString("message")).isEqualTo("Invalid domain specific "
                + "configuration: Group assignment is not supported for domain specific configurations.");
        assertThat(assertKeystoneError(put(domain, new JsonObject().put("ldap", new JsonObject()
                .put("ldap_secret", "x"))), 403, "Forbidden").getString("message")).contains("Option ldap_secret "
                + "in group ldap is not supported");
        assertKeystoneError(put(domain, new JsonObject()), 403, "Forbidden");
        assertKeystoneError(put(domain, new JsonObject().put("ldap", new JsonObject()
                .put("password", "p".repeat(5000)))), 400, "Bad Request");
        // the refused replacement left the configuration as it was
        assertThat(admin.get("/identity/v3/domains/" + domain + "/config/ldap/url").json().getJsonObject("config")
                .getString("url")).isEqualTo("ldap://ldap.example:389/");
        assertKeystoneError(patch(admin, "/identity/v3/domains/" + domain + "/config/identity", new JsonObject()
                .put("config", new JsonObject().put("ldap", new JsonObject().put("url", "ldap://x")))), 403,
                "Forbidden");
        assertKeystoneError(put("nowhere", ldapConfig()), 404, "Not Found");

        String project = keystone.project("config-readers");
        String user = keystone.user("config-member", "pw-config");
        keystone.grant(project, user, "member");
        Api member = Keystone.as(base, Keystone.login(base, "config-member", "pw-config", project));
        assertKeystoneError(member.get("/identity/v3/domains/" + domain + "/config"), 403, "Forbidden");
        assertKeystoneError(member.send("PUT", "/identity/v3/domains/" + domain + "/config",
                new JsonObject().put("config", ldapConfig()).encode(), Map.of()), 403, "Forbidden");
    }
}
