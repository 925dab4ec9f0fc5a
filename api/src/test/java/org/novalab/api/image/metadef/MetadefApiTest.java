package org.novalab.api.image.metadef;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Glance's metadata definitions: namespaces and what they hold, changed by admins, read as visibility allows. */
class MetadefApiTest {
    private static final String NS = "/v2/metadefs/namespaces";
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        String project = admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", "readers"))).json().getJsonObject("project").getString("id");
        String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject()
                .put("name", "mallory").put("password", "pw-m").put("default_project_id", project))).json()
                .getJsonObject("user").getString("id");
        admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/member", null, Map.of());
        member = Api.login(server.baseUrl(), "mallory", "pw-m", "readers");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Api.Response put(Api who, String path, JsonObject body) {
        return who.send("PUT", path, body.encode(), Map.of("Content-Type", "application/json"));
    }

    private static JsonObject namespace(String name, String visibility) {
        return new JsonObject().put("namespace", name).put("visibility", visibility).put("display_name", name)
                .put("description", "specification");
    }

    @Test
    void a_protected_namespace_is_created_shown_listed_and_deleted_only_once_unprotected() {
        String type = admin.get("/v2/metadefs/resource_types").json().getJsonArray("resource_types")
                .getJsonObject(0).getString("name");
        Api.Response created = admin.post(NS, namespace("OS::Spec::Basic", "public").put("protected", true)
                .put("resource_type_associations", new JsonArray().add(new JsonObject().put("name", type))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getString("self")).isEqualTo(NS + "/OS::Spec::Basic");
        assertThat(created.json().getString("owner")).isNotNull();

        assertThat(member.get(NS).json().getJsonArray("namespaces").stream()
                .map(o -> ((JsonObject) o).getString("namespace"))).contains("OS::Spec::Basic");
        JsonObject shown = member.get(NS + "/OS::Spec::Basic").json();
        assertThat(shown.getString("visibility")).isEqualTo("public");
        assertThat(shown.getJsonArray("resource_type_associations").getJsonObject(0).getString("name"))
                .isEqualTo(type);
        assertThat(member.get(NS + "?resource_types=" + type).json().getJsonArray("namespaces")).isNotEmpty();

        Api.Response refused = admin.delete(NS + "/OS::Spec::Basic");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("message")).contains("is protected and cannot be deleted");
        Api.Response updated = put(admin, NS + "/OS::Spec::Basic", namespace("OS::Spec::Basic", "private")
                .put("protected", false));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().getBoolean("protected")).isFalse();
        assertThat(member.get(NS + "/OS::Spec::Basic").status()).as("private now").isEqualTo(404);
        assertThat(admin.delete(NS + "/OS::Spec::Basic").status()).isEqualTo(204);
        assertThat(admin.get(NS + "/OS::Spec::Basic").status()).isEqualTo(404);
    }

    @Test
    void only_an_admin_changes_the_catalog_and_bad_namespaces_change_nothing() {
        Api.Response refused = member.post(NS, namespace("OS::Spec::Mine", "public"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().getString("message")).isEqualTo("You are not authorized to complete "
                + "add_metadef_namespace action.");
        admin.post(NS, namespace("OS::Spec::Guarded", "public"));
        assertThat(member.delete(NS + "/OS::Spec::Guarded").status()).isEqualTo(403);
        assertThat(member.post(NS + "/OS::Spec::Guarded/tags/x", "").status()).isEqualTo(403);
        admin.post(NS, namespace("OS::Spec::Hidden", "private"));
        assertThat(member.delete(NS + "/OS::Spec::Hidden").status()).as("unseen: 404").isEqualTo(404);

        assertThat(admin.post(NS, namespace("OS::Spec::Guarded", "public")).status()).isEqualTo(409);
        assertThat(admin.post(NS, new JsonObject().put("display_name", "no name")).status()).isEqualTo(400);
        assertThat(admin.post(NS, namespace("OS::Spec::Bad", "everyone")).status()).isEqualTo(400);
        assertThat(admin.post(NS, namespace("OS::Spec::Bad", "public").put("self", "x")).status()).isEqualTo(403);
        // a namespace whose second object is a duplicate is not created at all
        Api.Response half = admin.post(NS, namespace("OS::Spec::Half", "public").put("objects", new JsonArray()
                .add(new JsonObject().put("name", "o")).add(new JsonObject().put("name", "o"))));
        assertThat(half.status()).isEqualTo(409);
        assertThat(admin.get(NS + "/OS::Spec::Half").status()).isEqualTo(404);
        Api.Response badProperty = admin.post(NS, namespace("OS::Spec::Half", "public").put("properties",
                new JsonObject().put("p", new JsonObject().put("title", "P").put("type", "colour"))));
        assertThat(badProperty.status()).isEqualTo(400);
        assertThat(admin.get(NS + "/OS::Spec::Half").status()).isEqualTo(404);
    }

    @Test
    void objects_and_properties_are_created_shown_renamed_and_deleted() {
        admin.post(NS, namespace("OS::Spec::Items", "public"));
        String base = NS + "/OS::Spec::Items";
        Api.Response object = admin.post(base + "/objects", new JsonObject().put("name", "CPU")
                .put("description", "cpu limits").put("required", new JsonArray().add("cores"))
                .put("properties", new JsonObject().put("cores", new JsonObject().put("title", "Cores")
                        .put("type", "integer"))));
        assertThat(object.status()).as(object.body()).isEqualTo(201);
        assertThat(object.json().getString("self")).isEqualTo(base + "/objects/CPU");
        assertThat(member.get(base + "/objects/CPU").json().getJsonObject("properties").containsKey("cores"))
                .isTrue();
        Api.Response renamed = put(admin, base + "/objects/CPU", new JsonObject().put("name", "Processor"));
        assertThat(renamed.json().getString("name")).isEqualTo("Processor");
        assertThat(admin.get(base + "/objects/CPU").status()).isEqualTo(404);

        List<String> enumValues = List.of("kvm", "qemu");
        Api.Response property = admin.post(base + "/properties", new JsonObject().put("name", "hypervisor_type")
                .put("title", "Hypervisor").put("type", "string").put("enum", new JsonArray(enumValues)));
        assertThat(property.status()).as(property.body()).isEqualTo(201);
        assertThat(property.json().getString("title")).isEqualTo("Hypervisor");
        assertThat(admin.get(base + "/properties/hypervisor_type").json().getString("name"))
                .isEqualTo("hypervisor_type");
        assertThat(put(admin, base + "/properties/hypervisor_type", new JsonObject().put("name", "hypervisor_type")
                .put("title", "Hypervisor type").put("type", "string")).json().getString("title"))
                .isEqualTo("Hypervisor type");
        assertThat(admin.post(base + "/properties", new JsonObject().put("name", "x").put("type", "string"))
                .status()).as("a title is required").isEqualTo(400);

        JsonObject shown = admin.get(base).json();
        assertThat(shown.getJsonArray("objects")).hasSize(1);
        assertThat(shown.getJsonObject("properties").fieldNames()).containsExactly("hypervisor_type");
        assertThat(admin.delete(base + "/properties/hypervisor_type").status()).isEqualTo(204);
        assertThat(admin.get(base + "/properties").json().getJsonObject("properties").isEmpty()).isTrue();
        assertThat(admin.delete(base + "/objects").status()).isEqualTo(204);
        assertThat(admin.get(base + "/objects").json().getJsonArray("objects")).isEmpty();
    }

    @Test
    void tags_are_replaced_in_bulk_or_handled_one_by_one() {
        admin.post(NS, namespace("OS::Spec::Tags", "public"));
        String base = NS + "/OS::Spec::Tags/tags";
        JsonArray three = new JsonArray().add(new JsonObject().put("name", "a")).add(new JsonObject().put("name", "b"))
                .add(new JsonObject().put("name", "c"));
        assertThat(admin.post(base, new JsonObject().put("tags", three)).status()).isEqualTo(201);
        assertThat(member.get(base).json().getJsonArray("tags")).hasSize(3);
        assertThat(admin.post(base + "/d", "").status()).isEqualTo(201);
        assertThat(admin.post(base + "/d", "").status()).isEqualTo(409);
        Api.Response renamed = put(admin, base + "/d", new JsonObject().put("name", "e"));
        assertThat(renamed.json().getString("name")).isEqualTo("e");
        assertThat(member.get(base + "/e").json().getString("name")).isEqualTo("e");
        assertThat(admin.delete(base + "/e").status()).isEqualTo(204);
        assertThat(admin.get(base + "/e").status()).isEqualTo(404);
        JsonArray twice = new JsonArray().add(new JsonObject().put("name", "x")).add(new JsonObject().put("name", "x"));
        assertThat(admin.post(base, new JsonObject().put("tags", twice)).status()).isEqualTo(409);
        assertThat(admin.get(base).json().getJsonArray("tags")).as("unchanged").hasSize(3);
        assertThat(admin.delete(base).status()).isEqualTo(204);
        assertThat(admin.get(base).json().getJsonArray("tags")).isEmpty();
    }

    @Test
    void namespaces_are_associated_with_resource_types() {
        admin.post(NS, namespace("OS::Spec::Assoc", "public"));
        String base = NS + "/OS::Spec::Assoc/resource_types";
        Api.Response associated = admin.post(base, new JsonObject().put("name", "OS::Nova::Flavor")
                .put("prefix", "hw:"));
        assertThat(associated.status()).as(associated.body()).isEqualTo(201);
        assertThat(associated.json().getString("prefix")).isEqualTo("hw:");
        assertThat(admin.post(base, new JsonObject().put("name", "OS::Nova::Flavor")).status()).isEqualTo(409);
        assertThat(member.get(base).json().getJsonArray("resource_type_associations")).hasSize(1);
        assertThat(admin.delete(base + "/OS::Nova::Flavor").status()).isEqualTo(204);
        assertThat(admin.delete(base + "/OS::Nova::Flavor").status()).isEqualTo(404);
        assertThat(member.get(base).json().getJsonArray("resource_type_associations")).isEmpty();
        assertThat(member.get("/v2/metadefs/resource_types").json().getJsonArray("resource_types").stream()
                .map(o -> ((JsonObject) o).getString("name"))).contains("OS::Glance::Image", "OS::Nova::Flavor");
    }

    @Test
    void a_namespace_shown_for_a_resource_type_carries_its_prefix_and_lists_sort() {
        admin.post(NS, namespace("OS::Spec::Prefixed", "public")
                .put("resource_type_associations", new JsonArray().add(new JsonObject().put("name", "OS::Nova::Flavor")
                        .put("prefix", "hw:")))
                .put("properties", new JsonObject().put("cpu_cores", new JsonObject().put("title", "Cores")
                        .put("type", "integer")))
                .put("objects", new JsonArray().add(new JsonObject().put("name", "Memory")
                        .put("required", new JsonArray().add("mem_page_size"))
                        .put("properties", new JsonObject().put("mem_page_size", new JsonObject()
                                .put("title", "Page size").put("type", "string"))))));
        JsonObject forFlavors = member.get(NS + "/OS::Spec::Prefixed?resource_type=OS::Nova::Flavor").json();
        assertThat(forFlavors.getJsonObject("properties").fieldNames()).containsExactly("hw:cpu_cores");
        JsonObject memory = forFlavors.getJsonArray("objects").getJsonObject(0);
        assertThat(memory.getJsonObject("properties").fieldNames()).containsExactly("hw:mem_page_size");
        assertThat(memory.getJsonArray("required")).containsExactly("hw:mem_page_size");
        assertThat(member.get(NS + "/OS::Spec::Prefixed").json().getJsonObject("properties").fieldNames())
                .containsExactly("cpu_cores");

        List<String> ascending = member.get(NS + "?sort_key=namespace&sort_dir=asc").json().getJsonArray("namespaces")
                .stream().map(o -> ((JsonObject) o).getString("namespace")).toList();
        assertThat(ascending).isSorted().isNotEmpty();
        assertThat(member.get(NS + "?sort_dir=sideways").json().getString("message"))
                .isEqualTo("Invalid sort direction: sideways");
        assertThat(member.get(NS + "?sort_key=colour").status()).isEqualTo(400);
        assertThat(member.get(NS + "?visibility=everyone").status()).isEqualTo(400);
    }

    @Test
    void the_metadef_schemas_carry_glances_names() {
        Map<String, String> names = Map.of("namespace", "namespace", "namespaces", "namespaces", "object", "object",
                "objects", "objects", "property", "property", "properties", "properties", "tag", "tag", "tags",
                "tags", "resource_type", "resource_type_association", "resource_types", "resource_type_associations");
        names.forEach((path, name) -> assertThat(member.get("/v2/schemas/metadefs/" + path).json().getString("name"))
                .as(path).isEqualTo(name));
        assertThat(member.get("/v2/schemas/metadefs/nothing").status()).isEqualTo(404);
    }
}
