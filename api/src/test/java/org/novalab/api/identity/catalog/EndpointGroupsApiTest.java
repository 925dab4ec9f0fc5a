package org.novalab.api.identity.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;
import static org.novalab.api.identity.Keystone.patch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
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

/** OS-EP-FILTER's endpoint groups: their filters, their projects, and the catalog of those projects' tokens. */
class EndpointGroupsApiTest {
    private static final String GROUPS = "/identity/v3/OS-EP-FILTER/endpoint_groups";
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

    private static JsonObject createGroup(String name, JsonObject filters) {
        Api.Response r = admin.post(GROUPS, new JsonObject().put("endpoint_group", new JsonObject()
                .put("name", name).put("description", "for " + name).put("filters", filters)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject("endpoint_group");
    }

    @Test
    void a_group_is_created_listed_checked_updated_and_deleted() {
        JsonObject group = createGroup("computes", new JsonObject().put("service_id",
                "b04a12f6483ea24a706bfd0c10197a68"));
        String id = group.getString("id");
        assertThat(group.getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/OS-EP-FILTER/endpoint_groups/" + id));
        assertThat(admin.get(GROUPS).json().getJsonArray("endpoint_groups")).contains(group);
        assertThat(admin.get(GROUPS + "/" + id).json().getJsonObject("endpoint_group")).isEqualTo(group);
        assertThat(admin.send("HEAD", GROUPS + "/" + id, null, Map.of()).status()).isEqualTo(200);
        assertThat(ids(admin.get(GROUPS + "/" + id + "/endpoints").json(), "endpoints")).containsExactlyInAnyOrder(
                "26bd4aa5fabd45e16bff20f280a6b8ab", "c7c0750baa8cfd546306f1190f76d524",
                "ab42dadbc8b5dbf20555625b57b6bd4b");

        Api.Response updated = patch(admin, GROUPS + "/" + id, new JsonObject().put("endpoint_group",
                new JsonObject().put("name", "public-images").put("filters", new JsonObject()
                        .put("service_id", "6105d6cc76af400325e94d588ce511be").put("interface", "public"))));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().getJsonObject("endpoint_group").getString("name")).isEqualTo("public-images");
        assertThat(ids(admin.get(GROUPS + "/" + id + "/endpoints").json(), "endpoints"))
                .containsExactly("6921367ab225ebc3af83448ec3bc8574");

        assertThat(admin.delete(GROUPS + "/" + id).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get(GROUPS + "/" + id), 404, "Not Found").getString("message"))
                .isEqualTo("Could not find Endpoint Group: " + id + ".");
        assertThat(admin.send("HEAD", GROUPS + "/" + id, null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void a_group_needs_filters_on_service_region_or_interface() {
        Api.Response noFilters = admin.post(GROUPS, new JsonObject().put("endpoint_group", new JsonObject()
                .put("name", "empty").put("filters", new JsonObject())));
        assertThat(assertKeystoneError(noFilters, 400, "Bad Request").getString("message"))
                .isEqualTo("filters field is required and cannot be empty");
        Api.Response badKey = admin.post(GROUPS, new JsonObject().put("endpoint_group", new JsonObject()
                .put("name", "by-url").put("filters", new JsonObject().put("url", "http://x/"))));
        assertThat(assertKeystoneError(badKey, 400, "Bad Request").getString("message"))
                .startsWith("Expecting to find service_id or region_id or interface in endpoint_group.");
        assertKeystoneError(admin.post(GROUPS, new JsonObject().put("endpoint_group", new JsonObject()
                .put("filters", new JsonObject().put("interface", "public")))), 400, "Bad Request");
        assertKeystoneError(admin.post(GROUPS, new JsonObject().put("endpoint_group", new JsonObject()
                .put("name", "huge").put("filters", new JsonObject().put("service_id", "s".repeat(5000))))), 400,
                "Bad Request");
    }

    @Test
    void a_project_with_groups_sees_only_their_endpoints_in_its_catalog() {
        String project = keystone.project("filtered");
        String user = keystone.user("filtered-user", "pw-filtered");
        keystone.grant(project, user, "member");
        String group = createGroup("public-only", new JsonObject().put("interface", "public")).getString("id");

        assertThat(admin.send("PUT", GROUPS + "/" + group + "/projects/" + project, null, Map.of()).status())
                .isEqualTo(204);
        assertThat(admin.get(GROUPS + "/" + group + "/projects/" + project).json()
                .getJsonObject("project_endpoint_group").getString("project_id")).isEqualTo(project);
        assertThat(ids(admin.get(GROUPS + "/" + group + "/projects").json(), "projects")).containsExactly(project);
        assertThat(ids(admin.get("/identity/v3/OS-EP-FILTER/projects/" + project + "/endpoint_groups").json(),
                "endpoint_groups")).containsExactly(group);

        JsonArray catalog = catalogOf(project);
        assertThat(catalog).as("every service has a public endpoint: all of them stay, with that one only")
                .hasSameSizeAs(admin.get("/identity/v3/auth/catalog").json().getJsonArray("catalog"));
        List<String> interfaces = catalog.stream().flatMap(s -> ((JsonObject) s).getJsonArray("endpoints").stream())
                .map(e -> ((JsonObject) e).getString("interface")).distinct().toList();
        assertThat(interfaces).containsExactly("public");
        // another project's catalog is whole
        assertThat(admin.get("/identity/v3/auth/catalog").json().getJsonArray("catalog").getJsonObject(0)
                .getJsonArray("endpoints")).hasSize(3);

        assertThat(admin.delete(GROUPS + "/" + group + "/projects/" + project).status()).isEqualTo(204);
        assertThat(assertKeystoneError(admin.get(GROUPS + "/" + group + "/projects/" + project), 404, "Not Found")
                .getString("message")).isEqualTo("Endpoint Group Project Association not found");
        assertThat(catalogOf(project).getJsonObject(0).getJsonArray("endpoints")).hasSize(3);
        assertKeystoneError(admin.send("PUT", GROUPS + "/" + group + "/projects/nowhere", null, Map.of()), 404,
                "Not Found");
        assertThat(admin.delete(GROUPS + "/" + group).status()).isEqualTo(204);
    }

    private static JsonArray catalogOf(String project) {
        Api.Response login = Keystone.login(base, "filtered-user", "pw-filtered", project);
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        return login.json().getJsonObject("token").getJsonArray("catalog");
    }
}
