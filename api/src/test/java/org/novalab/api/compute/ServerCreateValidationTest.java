package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * {@code POST /servers} refuses what Nova's JSON schema and its compute API refuse, with Nova's status and words,
 * and accepts what Nova accepts; a refused request creates nothing.
 */
class ServerCreateValidationTest {
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
                new JsonObject().put("name", "green"))).json().getJsonObject("project").getString("id");
        String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject().put("name", "gil")
                .put("password", "pw-gil").put("default_project_id", project))).json().getJsonObject("user")
                .getString("id");
        admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/member", null, Map.of());
        member = Api.login(server.baseUrl(), "gil", "pw-gil", "green");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
    }

    private static JsonObject body(Consumer<JsonObject> change) {
        JsonObject server = new JsonObject().put("name", "vm").put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none");
        change.accept(server);
        return new JsonObject().put("server", server);
    }

    private static Api.Response create(Api who, String microversion, JsonObject body) {
        return who.send("POST", "/v2.1/servers", body.encode(), Map.of("OpenStack-API-Version", "compute " + microversion));
    }

    private static void refused(int status, String kind, String message, String microversion, JsonObject body) {
        Api.Response r = create(admin, microversion, body);
        String shown = body.encode();
        shown = shown.length() > 160 ? shown.substring(0, 160) + "..." : shown;
        assertThat(r.status()).as("%s -> %s", shown, r.body()).isEqualTo(status);
        JsonObject error = r.json().getJsonObject(kind);
        assertThat(error).as(r.body()).isNotNull();
        assertThat(error.getInteger("code")).isEqualTo(status);
        assertThat(error.getString("message")).as(shown).contains(message);
    }

    private static void badRequest(String message, Consumer<JsonObject> change) {
        refused(400, "badRequest", message, "2.79", body(change));
    }

    private static void accepted(String microversion, Consumer<JsonObject> change) {
        JsonObject body = body(change);
        Api.Response r = create(admin, microversion, body);
        assertThat(r.status()).as("%s -> %s", body.encode(), r.body()).isEqualTo(202);
    }

    private static void bootFromVolume(JsonObject server, JsonObject mapping) {
        server.remove("imageRef");
        JsonObject bdm = new JsonObject().put("boot_index", 0).put("source_type", "image")
                .put("destination_type", "volume").put("volume_size", 1).mergeIn(mapping);
        server.put("block_device_mapping_v2", new JsonArray().add(bdm));
    }

    private static JsonObject metadata(int items) {
        JsonObject m = new JsonObject();
        for (int i = 0; i < items; i++) {
            m.put("k" + i, "v");
        }
        return m;
    }

    @Test
    void a_nul_or_a_control_character_in_a_name_description_or_metadata_key_is_refused() {
        String invalidName = "An invalid 'name' value was provided. The name must be: printable characters. "
                + "Can not start or end with whitespace.";
        badRequest(invalidName, s -> s.put("name", "vm\u0000x"));
        badRequest(invalidName, s -> s.put("name", "vm\nx"));
        badRequest(invalidName, s -> s.put("name", " vm"));
        badRequest(invalidName, s -> s.put("name", "vm\u00a0"));
        badRequest("Invalid input for field/attribute name", s -> s.put("name", ""));
        badRequest("is too long", s -> s.put("name", "n".repeat(256)));
        badRequest("Invalid input for field/attribute name. Value: 42. 42 is not of type 'string'", s -> s.put("name", 42));
        badRequest("Invalid input for field/attribute description", s -> s.put("description", "a\u0000b"));
        badRequest("Additional properties are not allowed", s -> s.put("metadata", new JsonObject().put("a\u0000", "b")));
        badRequest("Additional properties are not allowed", s -> s.put("metadata", new JsonObject().put("a/b", "c")));
        badRequest("Invalid input for field/attribute", s -> s.put("metadata", new JsonObject().put("k", 5)));
        badRequest("is too long", s -> s.put("metadata", new JsonObject().put("k", "v".repeat(256))));
        badRequest(invalidName, s -> s.put("key_name", "k\u0000"));
        accepted("2.79", s -> s.put("name", "vm with spaces, ünïcode and ☃").put("description", "a plain description")
                .put("metadata", new JsonObject().put("a-b_c:d. e", "anything \u00e9")));
    }

    @Test
    void metadata_beyond_the_quota_of_128_items_is_forbidden_as_nova_s_quota_says() {
        refused(403, "forbidden", "Maximum number of metadata items exceeds 128", "2.79",
                body(s -> s.put("metadata", metadata(1000))));
        refused(403, "forbidden", "Maximum number of metadata items exceeds 128", "2.79",
                body(s -> s.put("metadata", metadata(129))));
        accepted("2.79", s -> s.put("metadata", metadata(128)));
    }

    @Test
    void user_data_must_be_base64_as_nova_decodes_it_and_at_most_65535_characters() {
        badRequest("Invalid input for field/attribute user_data", s -> s.put("user_data", "not base64!"));
        badRequest("is not a 'base64'", s -> s.put("user_data", "aGVsbG8"));
        badRequest("is not a 'base64'", s -> s.put("user_data", "a"));
        badRequest("is too long", s -> s.put("user_data", "QUJD".repeat(16384)));
        badRequest("is not of type 'string'", s -> s.put("user_data", 5));
        accepted("2.79", s -> s.put("user_data", "aGVsbG8="));
        accepted("2.79", s -> s.put("user_data", "IyEvYmluL3NoCmVj\naG8gaGk=\n"));
        accepted("2.79", s -> s.put("user_data", ""));
    }

    @Test
    void an_unknown_key_name_an_unknown_security_group_and_a_bogus_availability_zone_are_refused() {
        badRequest("Invalid key_name provided.", s -> s.put("key_name", "my-key"));
        badRequest("The requested availability zone is not available", s -> s.put("availability_zone", "bogus"));
        badRequest("Unable to parse availability_zone", s -> s.put("availability_zone", "nova:a:b:c"));
        badRequest("Invalid input for field/attribute availability_zone", s -> s.put("availability_zone", ""));
        badRequest("Security group bogus not found", s -> s.put("security_groups",
                new JsonArray().add(new JsonObject().put("name", "bogus"))));
        badRequest("Additional properties are not allowed", s -> s.put("security_groups",
                new JsonArray().add(new JsonObject().put("id", "x"))));
        accepted("2.79", s -> s.put("availability_zone", "nova").put("security_groups",
                new JsonArray().add(new JsonObject().put("name", "default"))));
        // forcing a host through the zone is an admin's privilege in Nova
        Api.Response forced = create(member, "2.79", body(s -> s.put("availability_zone", "nova:" + TestServers.HOST)));
        assertThat(forced.status()).as(forced.body()).isEqualTo(403);
        assertThat(forced.json().getJsonObject("forbidden").getString("message"))
                .contains("os_compute_api:servers:create:forced_host");
    }

    @Test
    void image_and_flavor_references_are_read_as_nova_reads_them() {
        badRequest("Invalid input for field/attribute imageRef", s -> s.put("imageRef", "../" + TestServers.CIRROS));
        badRequest("Invalid input for field/attribute imageRef",
                s -> s.put("imageRef", "http://glance/v2/images/" + TestServers.CIRROS));
        badRequest("Flavor .. could not be found.", s -> s.put("flavorRef", "1/.."));
        badRequest("Invalid input for field/attribute flavorRef", s -> s.put("flavorRef", ""));
        badRequest("Invalid input for field/attribute flavorRef", s -> s.put("flavorRef", true));
        // Nova takes the last segment of the href's path: its query and fragment are not part of the id
        accepted("2.79", s -> s.put("flavorRef", "http://127.0.0.1/v2.1/flavors/1?tenant=x#top"));
        accepted("2.79", s -> s.put("flavorRef", 1));
    }

    @Test
    void every_other_field_nova_validates_is_validated_the_same_way() {
        badRequest("Invalid input for field/attribute config_drive", s -> s.put("config_drive", "maybe"));
        badRequest("Invalid input for field/attribute return_reservation_id", s -> s.put("return_reservation_id", 2));
        badRequest("Invalid input for field/attribute accessIPv4", s -> s.put("accessIPv4", "300.1.1.1"));
        badRequest("Invalid input for field/attribute accessIPv6", s -> s.put("accessIPv6", "fe80::1::2"));
        badRequest("Invalid input for field/attribute OS-DCF:diskConfig", s -> s.put("OS-DCF:diskConfig", "SOMETIMES"));
        badRequest("Invalid input for field/attribute adminPass", s -> s.put("adminPass", 5));
        badRequest("Invalid input for field/attribute min_count", s -> s.put("min_count", "0"));
        badRequest("Invalid input for field/attribute max_count", s -> s.put("max_count", "x"));
        badRequest("min_count must be <= max_count", s -> s.put("min_count", "2").put("max_count", 1));
        // Nova would try to build them all, and its quota (10 instances, 20 cores) stops them first
        refused(403, "forbidden", "Quota exceeded for cores, instances, ram: Requested 4294967297, 4294967297, "
                + "2199023256064, but already used 0, 0, 0 of 20, 10, 51200 cores, instances, ram", "2.79",
                body(s -> s.put("min_count", 4294967297L)));
        badRequest("'networks' is a required property", s -> s.remove("networks"));
        badRequest("Invalid input for field/attribute networks", s -> s.put("networks", "everything"));
        badRequest("Invalid input for field/attribute uuid", s -> bootFromVolume(s, new JsonObject().put("uuid", "../x")));
        badRequest("Invalid input for field/attribute delete_on_termination", s -> bootFromVolume(s,
                new JsonObject().put("uuid", TestServers.CIRROS).put("delete_on_termination", "perhaps")));
        badRequest("Invalid input for field/attribute volume_size", s -> bootFromVolume(s,
                new JsonObject().put("uuid", TestServers.CIRROS).put("volume_size", "1.5")));
        refused(400, "badRequest", "Invalid input for field/attribute os:scheduler_hints", "2.79",
                body(s -> { }).put("os:scheduler_hints", "near"));
        // description arrived in 2.19: before, it is an unknown property, as in Nova
        refused(400, "badRequest", "Additional properties are not allowed ('description' was unexpected)", "2.1",
                body(s -> s.put("description", "too early")));
        accepted("2.1", s -> s.remove("networks"));
        accepted("2.79", s -> s.put("config_drive", "true").put("accessIPv4", "192.0.2.1").put("accessIPv6", "2001:db8::1")
                .put("OS-DCF:diskConfig", "AUTO").put("adminPass", "x").put("min_count", "1").put("max_count", 1)
                .put("return_reservation_id", "False"));
        Api.Response hinted = create(admin, "2.79", body(s -> { }).put("os:scheduler_hints",
                new JsonObject().put("anything", "goes")));
        assertThat(hinted.status()).as(hinted.body()).isEqualTo(202);
        // the group hint names a server group, which must exist (ServerGroupApiTest)
        refused(400, "badRequest", "Instance group 6e3f9f4c-3b2a-4d5e-8f70-112233445566 could not be found.", "2.79",
                body(s -> { }).put("os:scheduler_hints", new JsonObject().put("group",
                        "6e3f9f4c-3b2a-4d5e-8f70-112233445566")));
        assertThat(admin.get("/v2.1/servers").json().getJsonArray("servers")).hasSize(3);
    }
}
