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

/**
 * Keystone's catalog as data: the services and endpoints novalab seeds (the catalog it always had), what an admin
 * adds, changes and removes, and the token's catalog following them.
 */
class CatalogApiTest {
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

    private static JsonObject created(Api.Response r, String member) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getJsonObject(member);
    }

    private static JsonObject service(String type, String name) {
        return created(admin.post("/identity/v3/services", new JsonObject().put("service",
                new JsonObject().put("type", type).put("name", name))), "service");
    }

    private static JsonObject endpoint(JsonObject endpoint) {
        return created(admin.post("/identity/v3/endpoints", new JsonObject().put("endpoint", endpoint)), "endpoint");
    }

    private static JsonArray tokenCatalog() {
        Api.Response login = Api.anonymous(base).send("POST", "/identity/v3/auth/tokens",
                Api.passwordAuth("admin", TestServers.ADMIN_PASSWORD, "demo"), Map.of());
        assertThat(login.status()).isEqualTo(201);
        return login.json().getJsonObject("token").getJsonArray("catalog");
    }

    private static JsonObject entryOfType(JsonArray catalog, String type) {
        return catalog.stream().map(o -> (JsonObject) o).filter(s -> type.equals(s.getString("type"))).findFirst()
                .orElse(null);
    }

    /** The catalog novalab served before it was data: three services, three interfaces each, on this address. */
    @Test
    void the_seeded_catalog_is_the_one_novalab_always_served_at_the_address_the_client_used() {
        Map<String, List<String>> expected = Map.of(
                "compute", List.of("b04a12f6483ea24a706bfd0c10197a68", "nova", base + "/v2.1"),
                "image", List.of("6105d6cc76af400325e94d588ce511be", "glance", base + "/image"),
                "identity", List.of("689f6a627384c7dcb2dcc1487e540223", "keystone", base + "/identity"));
        Map<String, List<String>> endpointIds = Map.of(
                "nova", List.of("26bd4aa5fabd45e16bff20f280a6b8ab", "c7c0750baa8cfd546306f1190f76d524",
                        "ab42dadbc8b5dbf20555625b57b6bd4b"),
                "glance", List.of("6921367ab225ebc3af83448ec3bc8574", "79477e920271d3987f25842e59424bd1",
                        "11ba45d0660253dd7736f0736de7f9c0"),
                "keystone", List.of("51b29ec927f2eb5717b162674ee578f4", "759902bdfbaccbfd59ec625692a7e8be",
                        "d42b87d8430179b0e0b4c92d0bb4a9d2"));
        for (JsonArray catalog : List.of(tokenCatalog(),
                admin.get("/identity/v3/auth/catalog").json().getJsonArray("catalog"))) {
            // the three above, the block storage service's two (V72, checked in VolumeApiTest) and placement (V83,
            // checked in PlacementApiTest)
            assertThat(catalog).hasSize(6);
            expected.forEach((type, want) -> {
                JsonObject entry = entryOfType(catalog, type);
                assertThat(entry.getString("id")).isEqualTo(want.get(0));
                assertThat(entry.getString("name")).isEqualTo(want.get(1));
                List<JsonObject> eps = entry.getJsonArray("endpoints").stream().map(o -> (JsonObject) o).toList();
                assertThat(eps).extracting(e -> e.getString("interface"))
                        .containsExactlyInAnyOrder("public", "internal", "admin");
                assertThat(eps).extracting(e -> e.getString("id"))
                        .containsExactlyInAnyOrderElementsOf(endpointIds.get(want.get(1)));
                assertThat(eps).allSatisfy(e -> {
                    assertThat(e.getString("url")).isEqualTo(want.get(2));
                    assertThat(e.getString("region")).isEqualTo("RegionOne");
                    assertThat(e.getString("region_id")).isEqualTo("RegionOne");
                });
            });
        }
        // the same rows through the API, their URLs as Keystone keeps templates: unfilled
        JsonObject nova = admin.get("/identity/v3/endpoints/26bd4aa5fabd45e16bff20f280a6b8ab").json()
                .getJsonObject("endpoint");
        assertThat(nova.getString("url")).isEqualTo("$(public_endpoint)s/v2.1");
        assertThat(nova.getString("service_id")).isEqualTo("b04a12f6483ea24a706bfd0c10197a68");
        assertThat(nova.getJsonObject("links").getString("self"))
                .isEqualTo(keystone.v3("/endpoints/26bd4aa5fabd45e16bff20f280a6b8ab"));
        assertThat(ids(admin.get("/identity/v3/regions").json(), "regions")).contains("RegionOne");
    }

    @Test
    void a_service_is_created_filtered_by_type_updated_and_deleted_with_its_endpoints() {
        JsonObject created = created(admin.post("/identity/v3/services", new JsonObject().put("service",
                new JsonObject().put("type", "volume").put("name", "cinder").put("description", "blocks"))),
                "service");
        String id = created.getString("id");
        assertThat(created.getBoolean("enabled")).isTrue();
        assertThat(created.getString("description")).isEqualTo("blocks");
        assertThat(created.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/services/" + id));

        List<JsonObject> byType = admin.get("/identity/v3/services?type=volume").json().getJsonArray("services")
                .stream().map(o -> (JsonObject) o).toList();
        assertThat(byType).extracting(s -> s.getString("id")).containsExactly(id);
        assertThat(ids(admin.get("/identity/v3/services").json(), "services")).contains(id,
                "b04a12f6483ea24a706bfd0c10197a68");

        Api.Response updated = patch(admin, "/identity/v3/services/" + id,
                new JsonObject().put("service", new JsonObject().put("description", "volumes")));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(admin.get("/identity/v3/services/" + id).json().getJsonObject("service")
                .getString("description")).isEqualTo("volumes");

        String ep = endpoint(new JsonObject().put("service_id", id).put("interface", "public")
                .put("url", "http://cinder.example:8776/v3/$(project_id)s").put("region_id", "RegionOne"))
                .getString("id");
        assertThat(admin.delete("/identity/v3/services/" + id).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/services/" + id), 404, "Not Found");
        assertKeystoneError(admin.get("/identity/v3/endpoints/" + ep), 404, "Not Found");
    }

    @Test
    void services_refuse_a_missing_type_and_answer_404_for_an_unknown_one() {
        JsonObject error = assertKeystoneError(admin.post("/identity/v3/services", new JsonObject().put("service",
                new JsonObject().put("name", "typeless"))), 400, "Bad Request");
        assertThat(error.getString("message")).contains("'type' is a required property");
        assertThat(assertKeystoneError(admin.get("/identity/v3/services/nope"), 404, "Not Found")
                .getString("message")).isEqualTo("Could not find service: nope.");
        assertKeystoneError(patch(admin, "/identity/v3/services/nope", new JsonObject().put("service",
                new JsonObject().put("name", "x"))), 404, "Not Found");
        assertKeystoneError(admin.delete("/identity/v3/services/nope"), 404, "Not Found");
    }

    @Test
    void endpoints_are_filtered_by_service_interface_and_region_and_a_v30_region_is_created() {
        String svc = service("metric", "gnocchi").getString("id");
        JsonObject pub = endpoint(new JsonObject().put("service_id", svc).put("interface", "public")
                .put("url", "http://gnocchi.example/").put("region", "RegionTwo").put("enabled", true));
        assertThat(pub.getString("region")).isEqualTo("RegionTwo");
        assertThat(pub.getString("region_id")).isEqualTo("RegionTwo");
        // Keystone makes the region an old client named
        assertThat(admin.get("/identity/v3/regions/RegionTwo").status()).isEqualTo(200);
        JsonObject internal = endpoint(new JsonObject().put("service_id", svc).put("interface", "internal")
                .put("url", "http://gnocchi.internal/").put("region_id", "RegionOne"));

        assertThat(ids(admin.get("/identity/v3/endpoints?service_id=" + svc).json(), "endpoints"))
                .containsExactlyInAnyOrder(pub.getString("id"), internal.getString("id"));
        assertThat(ids(admin.get("/identity/v3/endpoints?service_id=" + svc + "&interface=internal").json(),
                "endpoints")).containsExactly(internal.getString("id"));
        assertThat(ids(admin.get("/identity/v3/endpoints?region_id=RegionTwo").json(), "endpoints"))
                .containsExactly(pub.getString("id"));
        assertThat(ids(admin.get("/identity/v3/endpoints?interface=admin").json(), "endpoints"))
                .doesNotContain(pub.getString("id"), internal.getString("id"))
                .contains("ab42dadbc8b5dbf20555625b57b6bd4b");

        Api.Response moved = patch(admin, "/identity/v3/endpoints/" + internal.getString("id"), new JsonObject()
                .put("endpoint", new JsonObject().put("interface", "admin").put("url", "http://gnocchi.admin/")
                        .put("enabled", false)));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        JsonObject shown = admin.get("/identity/v3/endpoints/" + internal.getString("id")).json()
                .getJsonObject("endpoint");
        assertThat(shown.getString("interface")).isEqualTo("admin");
        assertThat(shown.getString("url")).isEqualTo("http://gnocchi.admin/");
        assertThat(shown.getBoolean("enabled")).isFalse();
        assertThat(shown.getString("region_id")).isEqualTo("RegionOne");

        assertThat(admin.delete("/identity/v3/endpoints/" + pub.getString("id")).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/endpoints/" + pub.getString("id")), 404, "Not Found");
        assertThat(admin.delete("/identity/v3/services/" + svc).status()).isEqualTo(204);
    }

    @Test
    void endpoints_refuse_what_keystone_refuses() {
        String svc = service("dns", "designate").getString("id");
        JsonObject good = new JsonObject().put("service_id", svc).put("interface", "public")
                .put("url", "http://dns.example/");
        for (Object enabled : List.of("False", "True")) {
            JsonObject error = assertKeystoneError(admin.post("/identity/v3/endpoints", new JsonObject()
                    .put("endpoint", good.copy().put("enabled", enabled))), 400, "Bad Request");
            assertThat(error.getString("message")).contains("is not of type 'boolean'");
        }
        assertThat(assertKeystoneError(admin.post("/identity/v3/endpoints", new JsonObject().put("endpoint",
                good.copy().put("interface", "private"))), 400, "Bad Request").getString("message"))
                .contains("is not one of ['admin', 'internal', 'public']");
        assertThat(assertKeystoneError(admin.post("/identity/v3/endpoints", new JsonObject().put("endpoint",
                good.copy().put("url", "http://dns.example/$(tenant)s"))), 400, "Bad Request").getString("message"))
                .isEqualTo("Cannot create an endpoint with an invalid URL: http://dns.example/$(tenant)s.");
        assertThat(assertKeystoneError(admin.post("/identity/v3/endpoints", new JsonObject().put("endpoint",
                good.copy().put("service_id", "nope"))), 400, "Bad Request").getString("message"))
                .startsWith("Expecting to find endpoint service_id in service table.");
        assertThat(assertKeystoneError(admin.post("/identity/v3/endpoints", new JsonObject().put("endpoint",
                good.copy().put("region_id", "Atlantis"))), 400, "Bad Request").getString("message"))
                .startsWith("Expecting to find endpoint region_id in region table.");
        String id = endpoint(good).getString("id");
        assertThat(assertKeystoneError(patch(admin, "/identity/v3/endpoints/" + id, new JsonObject()
                .put("endpoint", new JsonObject().put("enabled", "True"))), 400, "Bad Request")
                .getString("message")).contains("is not of type 'boolean'");
        assertThat(assertKeystoneError(patch(admin, "/identity/v3/endpoints/" + id, new JsonObject()
                .put("endpoint", new JsonObject().put("id", "other"))), 400, "Bad Request")
                .getString("message")).isEqualTo("Cannot change ID");
        assertThat(assertKeystoneError(admin.get("/identity/v3/endpoints/nope"), 404, "Not Found")
                .getString("message")).isEqualTo("Could not find endpoint: nope.");
        assertThat(admin.delete("/identity/v3/services/" + svc).status()).isEqualTo(204);
    }

    @Test
    void the_token_catalog_lists_enabled_services_and_endpoints_only_with_their_urls_filled_in() {
        String svc = service("object-store", "swift").getString("id");
        String pub = endpoint(new JsonObject().put("service_id", svc).put("interface", "public")
                .put("url", "http://swift.example/v1/AUTH_$(project_id)s").put("region_id", "RegionOne"))
                .getString("id");
        String internal = endpoint(new JsonObject().put("service_id", svc).put("interface", "internal")
                .put("url", "http://swift.internal/v1/AUTH_$(tenant_id)s").put("region_id", "RegionOne"))
                .getString("id");
        String demo = admin.get("/identity/v3/projects?name=demo").json().getJsonArray("projects").getJsonObject(0)
                .getString("id");
        JsonObject swift = entryOfType(tokenCatalog(), "object-store");
        assertThat(swift.getString("id")).isEqualTo(svc);
        assertThat(swift.getJsonArray("endpoints").stream().map(o -> ((JsonObject) o).getString("url")))
                .containsExactlyInAnyOrder("http://swift.example/v1/AUTH_" + demo,
                        "http://swift.internal/v1/AUTH_" + demo);

        patch(admin, "/identity/v3/endpoints/" + internal, new JsonObject().put("endpoint",
                new JsonObject().put("enabled", false)));
        swift = entryOfType(tokenCatalog(), "object-store");
        assertThat(swift.getJsonArray("endpoints").stream().map(o -> ((JsonObject) o).getString("id")))
                .containsExactly(pub);

        patch(admin, "/identity/v3/services/" + svc, new JsonObject().put("service",
                new JsonObject().put("enabled", false)));
        assertThat(entryOfType(tokenCatalog(), "object-store")).isNull();
        assertThat(entryOfType(admin.get("/identity/v3/auth/catalog").json().getJsonArray("catalog"),
                "object-store")).isNull();
        assertThat(entryOfType(tokenCatalog(), "compute")).isNotNull();
        assertThat(admin.delete("/identity/v3/services/" + svc).status()).isEqualTo(204);
    }

    @Test
    void regions_take_a_given_id_form_a_tree_and_keep_their_endpoints() {
        JsonObject parent = created(admin.post("/identity/v3/regions", new JsonObject().put("region",
                new JsonObject().put("description", "europe"))), "region");
        String parentId = parent.getString("id");
        assertThat(parent.getValue("parent_region_id")).isNull();
        assertThat(parent.getJsonObject("links").getString("self")).isEqualTo(keystone.v3("/regions/" + parentId));

        JsonObject child = created(admin.send("PUT", "/identity/v3/regions/eu-west", new JsonObject()
                .put("region", new JsonObject().put("parent_region_id", parentId)).encode(), Map.of()), "region");
        assertThat(child.getString("id")).isEqualTo("eu-west");
        assertThat(child.getString("description")).isEmpty();
        assertThat(ids(admin.get("/identity/v3/regions?parent_region_id=" + parentId).json(), "regions"))
                .containsExactly("eu-west");

        assertThat(assertKeystoneError(admin.send("PUT", "/identity/v3/regions/eu-west", new JsonObject()
                .put("region", new JsonObject()).encode(), Map.of()), 409, "Conflict").getString("message"))
                .isEqualTo("Conflict occurred attempting to store region - Duplicate ID, eu-west.");
        assertThat(assertKeystoneError(admin.send("PUT", "/identity/v3/regions/eu-east", new JsonObject()
                .put("region", new JsonObject().put("id", "eu-north")).encode(), Map.of()), 400, "Bad Request")
                .getString("message")).isEqualTo("Conflicting region IDs specified: \"eu-east\" != \"eu-north\"");
        assertThat(assertKeystoneError(admin.post("/identity/v3/regions", new JsonObject().put("region",
                new JsonObject().put("parent_region_id", "nowhere"))), 404, "Not Found").getString("message"))
                .isEqualTo("Could not find region: nowhere.");
        assertThat(assertKeystoneError(patch(admin, "/identity/v3/regions/" + parentId, new JsonObject()
                .put("region", new JsonObject().put("parent_region_id", "eu-west"))), 400, "Bad Request")
                .getString("message")).isEqualTo("The specified parent region eu-west would create a circular "
                + "region hierarchy.");

        Api.Response updated = patch(admin, "/identity/v3/regions/eu-west", new JsonObject().put("region",
                new JsonObject().put("description", "dublin")));
        assertThat(updated.json().getJsonObject("region").getString("description")).isEqualTo("dublin");
        assertThat(updated.json().getJsonObject("region").getString("parent_region_id")).isEqualTo(parentId);

        String svc = service("placement", "placement").getString("id");
        String ep = endpoint(new JsonObject().put("service_id", svc).put("interface", "public")
                .put("url", "http://placement.example/").put("region_id", "eu-west")).getString("id");
        assertThat(assertKeystoneError(admin.delete("/identity/v3/regions/" + parentId), 403, "Forbidden")
                .getString("message")).isEqualTo("Unable to delete region " + parentId
                + " because it or its child regions have associated endpoints.");
        assertThat(admin.delete("/identity/v3/endpoints/" + ep).status()).isEqualTo(204);
        // deleting a region deletes the ones below it
        assertThat(admin.delete("/identity/v3/regions/" + parentId).status()).isEqualTo(204);
        assertKeystoneError(admin.get("/identity/v3/regions/eu-west"), 404, "Not Found");
        assertThat(admin.delete("/identity/v3/services/" + svc).status()).isEqualTo(204);
    }

    @Test
    void a_member_reads_regions_but_neither_services_nor_endpoints_and_changes_nothing() {
        String project = keystone.project("catalog-readers");
        String user = keystone.user("catalog-reader", "pw-reader");
        keystone.grant(project, user, "member");
        Api member = Keystone.as(base, Keystone.login(base, "catalog-reader", "pw-reader", project));
        assertThat(member.get("/identity/v3/regions/RegionOne").status()).isEqualTo(200);
        assertThat(assertKeystoneError(member.get("/identity/v3/services"), 403, "Forbidden").getString("message"))
                .isEqualTo("You are not authorized to perform the requested action: identity:list_services.");
        assertKeystoneError(member.get("/identity/v3/endpoints"), 403, "Forbidden");
        assertKeystoneError(member.post("/identity/v3/regions", new JsonObject().put("region", new JsonObject())),
                403, "Forbidden");
        assertKeystoneError(member.post("/identity/v3/services", new JsonObject().put("service",
                new JsonObject().put("type", "x"))), 403, "Forbidden");
        // a member's token still carries the whole catalog
        Api.Response login = Keystone.login(base, "catalog-reader", "pw-reader", project);
        assertThat(login.json().getJsonObject("token").getJsonArray("catalog")).hasSizeGreaterThanOrEqualTo(3);
    }
}
