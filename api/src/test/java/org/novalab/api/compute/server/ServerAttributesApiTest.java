package org.novalab.api.compute.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * A server's own attributes as Nova keeps them: metadata ({@code /metadata}), tags ({@code /tags}, 2.26), the
 * rename and the access addresses of {@code PUT /servers/{id}}, its addresses ({@code /ips}), and what the create
 * answers besides the id.
 */
class ServerAttributesApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static FakeCompute compute = new FakeCompute();
    static Api admin;
    static Api member;
    static Api reader;
    static Api outsider;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), compute);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        String teal = users.project("teal");
        users.user("tom", teal, "member");
        users.user("rae", teal, "reader");
        users.user("oz", users.project("other"), "member");
        member = Api.login(server.baseUrl(), "tom", "pw-tom", "teal");
        reader = Api.login(server.baseUrl(), "rae", "pw-rae", "teal");
        outsider = Api.login(server.baseUrl(), "oz", "pw-oz", "other");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        compute.gate.countDown();
        TestServers.deleteEveryServer(server, admin);
    }

    static Api.Response call(Api who, String method, String path, Object body, String microversion) {
        return who.send(method, path, body == null ? null : body.toString(),
                Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    static JsonObject ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void refused(Api.Response r, int status, String kind, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().getJsonObject(kind).getString("message")).isEqualTo(message);
    }

    static JsonObject serverBody(String name) {
        return new JsonObject().put("name", name).put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none");
    }

    static Api.Response create(Api who, JsonObject server, String microversion) {
        return call(who, "POST", "/v2.1/servers", new JsonObject().put("server", server), microversion);
    }

    static String active(Api who, JsonObject server) throws Exception {
        Api.Response r = create(who, server, "2.52");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        who.awaitStatus(id, "ACTIVE");
        return id;
    }

    @Test
    void metadata_is_read_set_merged_replaced_and_deleted_as_in_nova() throws Exception {
        String id = active(member, serverBody("meta").put("metadata", new JsonObject().put("role", "web")));
        String m = "/v2.1/servers/" + id + "/metadata";
        assertThat(ok(call(reader, "GET", m, null, "2.1")).getJsonObject("metadata").getMap()).containsExactly(
                Map.entry("role", "web"));
        assertThat(ok(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put("tier", "1")),
                "2.1")).getJsonObject("metadata").getMap()).containsOnly(Map.entry("role", "web"), Map.entry("tier", "1"));
        assertThat(ok(call(member, "PUT", m + "/role", new JsonObject().put("meta", new JsonObject().put("role", "db")),
                "2.1")).getJsonObject("meta").getMap()).containsExactly(Map.entry("role", "db"));
        assertThat(ok(call(member, "GET", m + "/role", null, "2.1")).getJsonObject("meta").getString("role"))
                .isEqualTo("db");
        assertThat(ok(call(member, "PUT", m, new JsonObject().put("metadata", new JsonObject().put("only", "this")),
                "2.1")).getJsonObject("metadata").getMap()).containsExactly(Map.entry("only", "this"));
        assertThat(call(member, "DELETE", m + "/only", null, "2.1").status()).isEqualTo(204);
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.1")).getJsonObject("server")
                .getJsonObject("metadata").isEmpty()).isTrue();
        refused(call(member, "GET", m + "/only", null, "2.1"), 404, "itemNotFound", "Metadata item was not found");
        refused(call(member, "DELETE", m + "/only", null, "2.1"), 404, "itemNotFound", "Metadata item was not found");
    }

    @Test
    void metadata_keys_values_and_counts_are_limited_as_nova_limits_them() throws Exception {
        String id = active(member, serverBody("limits"));
        String m = "/v2.1/servers/" + id + "/metadata";
        String longKey = "k".repeat(256);
        assertThat(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put(longKey, "v")), "2.1")
                .body()).contains("Additional properties are not allowed");
        assertThat(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put("", "v")), "2.1")
                .status()).isEqualTo(400);
        assertThat(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put("k", "v".repeat(256))),
                "2.1").body()).contains("is too long");
        assertThat(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put("k".repeat(255), "ok")),
                "2.1").status()).isEqualTo(200);
        refused(call(member, "PUT", m + "/a", new JsonObject().put("meta", new JsonObject().put("b", "1")), "2.1"), 400,
                "badRequest", "Request body and URI mismatch");
        assertThat(call(member, "PUT", m + "/a", new JsonObject().put("meta", new JsonObject().put("a", "1")
                .put("b", "2")), "2.1").body()).contains("has too many properties");

        JsonObject many = new JsonObject();
        for (int n = 0; n < 128; n++) {
            many.put("item-" + n, "v");
        }
        assertThat(call(member, "PUT", m, new JsonObject().put("metadata", many), "2.1").status()).isEqualTo(200);
        refused(call(member, "POST", m, new JsonObject().put("metadata", new JsonObject().put("one-more", "v")), "2.1"),
                403, "forbidden", "Maximum number of metadata items exceeds 128");
        refused(call(member, "PUT", m + "/extra", new JsonObject().put("meta", new JsonObject().put("extra", "v")),
                "2.1"), 403, "forbidden", "Maximum number of metadata items exceeds 128");
        assertThat(ok(call(member, "GET", m, null, "2.1")).getJsonObject("metadata").size()).isEqualTo(128);
    }

    @Test
    void metadata_belongs_to_the_project_readers_only_look_and_a_building_server_refuses_changes() throws Exception {
        String id = active(member, serverBody("policy"));
        String m = "/v2.1/servers/" + id + "/metadata";
        refused(call(reader, "POST", m, new JsonObject().put("metadata", new JsonObject().put("x", "1")), "2.1"), 403,
                "forbidden", "Policy doesn't allow os_compute_api:server-metadata:create to be performed.");
        refused(call(reader, "DELETE", m + "/x", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:server-metadata:delete to be performed.");
        refused(call(outsider, "GET", m, null, "2.1"), 404, "itemNotFound", "Instance " + id + " could not be found.");

        compute.gate = new CountDownLatch(1);
        Api.Response building = create(member, serverBody("building"), "2.37");
        String held = building.json().getJsonObject("server").getString("id");
        refused(call(member, "POST", "/v2.1/servers/" + held + "/metadata", new JsonObject().put("metadata",
                new JsonObject().put("x", "1")), "2.1"), 409, "conflictingRequest", "Cannot 'update metadata' instance "
                + held + " while it is in vm_state building");
        compute.gate.countDown();
        member.awaitStatus(held, "ACTIVE");
    }

    @Test
    void tags_come_with_2_26_and_are_listed_set_replaced_and_removed() throws Exception {
        String id = active(member, serverBody("tagged").put("tags", new JsonArray().add("b").add("a")));
        String t = "/v2.1/servers/" + id + "/tags";
        assertThat(call(member, "GET", t, null, "2.25").status()).isEqualTo(404);
        assertThat(ok(call(member, "GET", t, null, "2.26")).getJsonArray("tags")).containsExactly("a", "b");
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.26")).getJsonObject("server")
                .getJsonArray("tags")).containsExactly("a", "b");
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.25")).getJsonObject("server")
                .containsKey("tags")).isFalse();

        Api.Response added = call(member, "PUT", t + "/new%20one", null, "2.26");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.header("Location")).endsWith("/v2.1/servers/" + id + "/tags/new%20one");
        assertThat(call(member, "PUT", t + "/new%20one", null, "2.26").status()).as("already there").isEqualTo(204);
        assertThat(call(member, "GET", t + "/new%20one", null, "2.26").status()).isEqualTo(204);
        refused(call(member, "GET", t + "/gone", null, "2.26"), 404, "itemNotFound",
                "Server " + id + " has no tag 'gone'");
        assertThat(call(member, "DELETE", t + "/a", null, "2.26").status()).isEqualTo(204);
        refused(call(member, "DELETE", t + "/a", null, "2.26"), 404, "itemNotFound",
                "Instance " + id + " has no tag 'a'");
        assertThat(ok(call(member, "PUT", t, new JsonObject().put("tags", new JsonArray().add("x").add("y")), "2.26"))
                .getJsonArray("tags")).containsExactly("x", "y");
        assertThat(call(member, "DELETE", t, null, "2.26").status()).isEqualTo(204);
        assertThat(ok(call(member, "GET", t, null, "2.26")).getJsonArray("tags")).isEmpty();
        refused(call(reader, "PUT", t + "/mine", null, "2.26"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-server-tags:update to be performed.");
    }

    @Test
    void tags_are_checked_and_limited_to_fifty() throws Exception {
        String id = active(member, serverBody("tag-limits"));
        String t = "/v2.1/servers/" + id + "/tags";
        refused(call(member, "PUT", t + "/a,b", null, "2.26"), 400, "badRequest", "Tag 'a,b' is invalid. It must be a "
                + "non empty string without characters '/' and ','. Validation error message: 'a,b' does not match "
                + "'^[^,/]*$'");
        assertThat(call(member, "PUT", t + "/" + "x".repeat(61), null, "2.26").body()).contains("is too long");
        JsonArray fifty = new JsonArray();
        for (int n = 0; n < 50; n++) {
            fifty.add("t" + n);
        }
        assertThat(call(member, "PUT", t, new JsonObject().put("tags", fifty), "2.26").status()).isEqualTo(200);
        refused(call(member, "PUT", t + "/one-more", null, "2.26"), 400, "badRequest",
                "The number of tags exceeded the per-server limit 50");
        assertThat(call(member, "PUT", t, new JsonObject().put("tags", fifty.copy().add("t50")), "2.26").body())
                .contains("is too long");
        assertThat(create(member, serverBody("x").put("tags", new JsonArray().add("ok")), "2.51").body())
                .contains("Additional properties are not allowed ('tags' was unexpected)");
    }

    @Test
    void servers_are_filtered_by_tags_from_2_26() throws Exception {
        String ab = active(member, serverBody("ab").put("tags", new JsonArray().add("a").add("b")));
        String a = active(member, serverBody("a").put("tags", new JsonArray().add("a")));
        String c = active(member, serverBody("c").put("tags", new JsonArray().add("c")));
        assertThat(ids("?tags=a,b")).containsExactly(ab);
        assertThat(ids("?tags-any=b,c")).containsExactlyInAnyOrder(ab, c);
        assertThat(ids("?not-tags=a,b")).containsExactlyInAnyOrder(a, c);
        assertThat(ids("?not-tags-any=a")).containsExactly(c);
        assertThat(ids("?tags=a&not-tags-any=b")).containsExactly(a);
    }

    private static List<String> ids(String query) {
        return ok(call(member, "GET", "/v2.1/servers" + query, null, "2.26")).getJsonArray("servers").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void a_server_is_renamed_and_given_access_addresses_a_description_and_a_host_name() throws Exception {
        String id = active(member, serverBody("before").put("accessIPv4", "192.0.2.10"));
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.1")).getJsonObject("server")
                .getString("accessIPv4")).isEqualTo("192.0.2.10");
        JsonObject renamed = ok(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server",
                new JsonObject().put("name", "after").put("accessIPv6", "2001:db8::5").put("OS-DCF:diskConfig", "AUTO")),
                "2.1")).getJsonObject("server");
        assertThat(renamed.getMap()).containsEntry("name", "after").containsEntry("accessIPv4", "192.0.2.10")
                .containsEntry("accessIPv6", "2001:db8::5").containsEntry("OS-DCF:diskConfig", "AUTO")
                .doesNotContainKeys("OS-EXT-STS:vm_state", "key_name", "OS-EXT-AZ:availability_zone");
        assertThat(ok(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("description", "a web server")), "2.75")).getJsonObject("server").getMap())
                .containsEntry("description", "a web server").containsKey("OS-EXT-STS:vm_state");
        JsonObject shown = ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.19")).getJsonObject("server");
        assertThat(shown.getMap()).containsEntry("name", "after").containsEntry("description", "a web server")
                .containsEntry("accessIPv6", "2001:db8::5");
        assertThat(ok(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .putNull("description")), "2.19")).getJsonObject("server").getValue("description")).isNull();
        assertThat(ok(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("hostname", "web-01")), "2.90")).getJsonObject("server").getString("OS-EXT-SRV-ATTR:hostname"))
                .isEqualTo("web-01");

        refused(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("accessIPv4", "300.1.1.1")), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute accessIPv4. Value: 300.1.1.1. '300.1.1.1' is not a 'ipv4'");
        assertThat(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("description", "x")), "2.18").body()).contains("Additional properties are not allowed");
        assertThat(call(member, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("hostname", "-bad")), "2.90").body()).contains("does not match");
        refused(call(reader, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("name", "mine")), "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:servers:update to be performed.");
        assertThat(call(outsider, "PUT", "/v2.1/servers/" + id, new JsonObject().put("server", new JsonObject()
                .put("name", "theirs")), "2.1").status()).isEqualTo(404);
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.1")).getJsonObject("server")
                .getString("name")).isEqualTo("after");
    }

    @Test
    void a_server_has_no_addresses_without_networks() throws Exception {
        String id = active(member, serverBody("ips"));
        assertThat(ok(call(reader, "GET", "/v2.1/servers/" + id + "/ips", null, "2.1")).getJsonObject("addresses")
                .isEmpty()).isTrue();
        refused(call(member, "GET", "/v2.1/servers/" + id + "/ips/private", null, "2.1"), 404, "itemNotFound",
                "Instance is not a member of specified network");
        assertThat(call(outsider, "GET", "/v2.1/servers/" + id + "/ips", null, "2.1").status()).isEqualTo(404);
    }

    @Test
    void the_create_answers_the_security_groups_asked_for_and_the_admin_password() {
        JsonObject plain = create(member, serverBody("plain"), "2.37").json().getJsonObject("server");
        assertThat(plain.getJsonArray("security_groups")).containsExactly(new JsonObject().put("name", "default"));
        assertThat(plain.getString("adminPass")).matches("[2-9A-HJ-NP-Za-km-z]{12}");
        assertThat(plain.getString("OS-DCF:diskConfig")).isEqualTo("MANUAL");
        JsonObject given = create(member, serverBody("given").put("adminPass", "my-s3cret").put("OS-DCF:diskConfig",
                "AUTO").put("security_groups", new JsonArray().add(new JsonObject().put("name", "default"))), "2.37")
                .json().getJsonObject("server");
        assertThat(given.getString("adminPass")).as("the password the caller gave, as Nova answers it")
                .isEqualTo("my-s3cret");
        assertThat(given.getString("OS-DCF:diskConfig")).isEqualTo("AUTO");
        refused(create(member, serverBody("sg").put("security_groups", new JsonArray().add(new JsonObject()
                .put("name", "web"))), "2.37"), 400, "badRequest", "Security group web not found.");
    }

    @Test
    void from_2_90_a_server_is_created_with_a_host_name_everyone_sees() throws Exception {
        Api.Response r = create(member, serverBody("named").put("hostname", "db-primary"), "2.90");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().getJsonObject("server").getString("id");
        member.awaitStatus(id, "ACTIVE");
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.90")).getJsonObject("server")
                .getString("OS-EXT-SRV-ATTR:hostname")).isEqualTo("db-primary");
        assertThat(ok(call(member, "GET", "/v2.1/servers/" + id, null, "2.89")).getJsonObject("server")
                .containsKey("OS-EXT-SRV-ATTR:hostname")).isFalse();
        refused(create(member, serverBody("many").put("hostname", "same").put("max_count", 2), "2.90"), 400,
                "badRequest", "Unable to allocate a single hostname to multiple instances");
        assertThat(create(member, serverBody("early").put("hostname", "h1"), "2.89").body())
                .contains("Additional properties are not allowed ('hostname' was unexpected)");
    }
}
