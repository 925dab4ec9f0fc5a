package org.novalab.api.compute.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * Host aggregates as an admin of Nova knows them: named groups of compute hosts with metadata, and the
 * {@code availability_zone} of an aggregate is the zone of its hosts, for the zone list, the services, the servers
 * and the scheduler. Two compute hosts: {@value #A} stays in Nova's default zone unless a test moves it, {@value #B}
 * is the one the tests put in zones.
 */
class AggregateApiTest {
    static final String A = TestServers.HOST;
    static final String B = "novalab-host-b";
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Api member;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute(), List.of(A, B));
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        Users users = new Users(admin);
        users.user("mia", users.project("ops"), "member");
        member = Api.login(server.baseUrl(), "mia", "pw-mia", "ops");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        TestServers.deleteEveryServer(server, admin);
        for (Object o : ok(call(admin, "GET", "/v2.1/os-aggregates", null, "2.1")).getJsonArray("aggregates")) {
            JsonObject a = (JsonObject) o;
            for (Object host : a.getJsonArray("hosts")) {
                ok(action(a.getInteger("id"), "remove_host", new JsonObject().put("host", host)));
            }
            assertThat(call(admin, "DELETE", "/v2.1/os-aggregates/" + a.getInteger("id"), null, "2.1").status())
                    .isEqualTo(200);
        }
    }

    static Api.Response call(Api who, String method, String path, JsonObject body, String microversion) {
        return who.send(method, path, body == null ? null : body.encode(),
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

    static JsonObject create(String name, String zone) {
        JsonObject aggregate = new JsonObject().put("name", name);
        if (zone != null) {
            aggregate.put("availability_zone", zone);
        }
        return ok(call(admin, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", aggregate), "2.1"))
                .getJsonObject("aggregate");
    }

    static Api.Response action(int id, String action, JsonObject args) {
        return call(admin, "POST", "/v2.1/os-aggregates/" + id + "/action", new JsonObject().put(action, args), "2.1");
    }

    static JsonObject addHost(int id, String host) {
        return ok(action(id, "add_host", new JsonObject().put("host", host))).getJsonObject("aggregate");
    }

    static String boot(String name, String zone) {
        JsonObject server = new JsonObject().put("name", name).put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none");
        if (zone != null) {
            server.put("availability_zone", zone);
        }
        Api.Response r = call(admin, "POST", "/v2.1/servers", new JsonObject().put("server", server), "2.37");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }

    static List<String> zoneNames(String path) {
        return ok(call(admin, "GET", path, null, "2.1")).getJsonArray("availabilityZoneInfo").stream()
                .map(z -> ((JsonObject) z).getString("zoneName") + (((JsonObject) z).getJsonObject("zoneState")
                        .getBoolean("available") ? "" : " (not available)")).toList();
    }

    @Test
    void an_aggregate_is_created_shown_listed_and_deleted() {
        JsonObject created = create("rack-1", null);
        assertThat(created.fieldNames()).as("a create answers no hosts and no metadata, as Nova's")
                .containsExactlyInAnyOrder("availability_zone", "created_at", "deleted", "deleted_at", "id", "name",
                        "updated_at");
        assertThat(created.getMap()).containsEntry("name", "rack-1").containsEntry("availability_zone", null)
                .containsEntry("deleted", false).containsEntry("deleted_at", null).containsEntry("updated_at", null);
        assertThat(created.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        int id = created.getInteger("id");

        JsonObject shown = ok(call(admin, "GET", "/v2.1/os-aggregates/" + id, null, "2.1")).getJsonObject("aggregate");
        assertThat(shown.getJsonArray("hosts")).isEmpty();
        assertThat(shown.getJsonObject("metadata")).isEmpty();
        assertThat(shown.fieldNames()).doesNotContain("uuid");
        JsonObject v241 = ok(call(admin, "GET", "/v2.1/os-aggregates/" + id, null, "2.41")).getJsonObject("aggregate");
        assertThat(v241.getString("uuid")).matches("[0-9a-f-]{36}");
        assertThat(ok(call(admin, "GET", "/v2.1/os-aggregates", null, "2.41")).getJsonArray("aggregates")
                .getJsonObject(0).getString("uuid")).isEqualTo(v241.getString("uuid"));

        Api.Response deleted = call(admin, "DELETE", "/v2.1/os-aggregates/" + id, null, "2.1");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        refused(call(admin, "GET", "/v2.1/os-aggregates/" + id, null, "2.1"), 404, "itemNotFound",
                "Aggregate " + id + " could not be found.");
        refused(call(admin, "DELETE", "/v2.1/os-aggregates/-1", null, "2.1"), 404, "itemNotFound",
                "Aggregate -1 could not be found.");
        refused(call(admin, "GET", "/v2.1/os-aggregates/x", null, "2.1"), 400, "badRequest",
                "Invalid input received: id must be an integer");
    }

    @Test
    void names_are_unique_and_requests_are_checked_as_novas_schema_checks_them() {
        JsonObject rack = create("rack-2", "az-2");
        refused(call(admin, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "rack-2")), "2.1"), 409, "conflictingRequest", "Aggregate rack-2 already exists.");
        create("rack-3", null);
        refused(call(admin, "PUT", "/v2.1/os-aggregates/" + rack.getInteger("id"), new JsonObject().put("aggregate",
                new JsonObject().put("name", "rack-3")), "2.1"), 409, "conflictingRequest",
                "Aggregate rack-3 already exists.");
        refused(call(admin, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "")), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute name. Value: . '' is too short");
        assertThat(call(admin, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "a".repeat(256))), "2.1").status()).isEqualTo(400);
        refused(call(admin, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "rack-4").put("availability_zone", "az:4")), "2.1"), 400, "badRequest",
                "An invalid 'name' value was provided. The name must be: printable characters except :.Can not start "
                        + "or end with whitespace.");
        refused(call(admin, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "rack-4").put("hosts", "x")), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute aggregate. Value: {\"name\":\"rack-4\",\"hosts\":\"x\"}. Additional "
                        + "properties are not allowed ('hosts' was unexpected)");
        refused(call(admin, "PUT", "/v2.1/os-aggregates/" + rack.getInteger("id"), new JsonObject().put("aggregate",
                new JsonObject()), "2.1"), 400, "badRequest",
                "Invalid input for field/attribute aggregate. Value: {}. {} is not valid under any of the given schemas");
        refused(action(rack.getInteger("id"), "add_host", new JsonObject().put("host", "no such host")), 400,
                "badRequest", "Invalid input for field/attribute host. Value: no such host. 'no such host' does not "
                        + "match '^[a-zA-Z0-9-._]*$'");
        refused(action(rack.getInteger("id"), "evacuate", new JsonObject()), 400, "badRequest",
                "There is no such action: evacuate");

        JsonObject renamed = ok(call(admin, "PUT", "/v2.1/os-aggregates/" + rack.getInteger("id"), new JsonObject()
                .put("aggregate", new JsonObject().put("name", "  rack-22 ")), "2.1")).getJsonObject("aggregate");
        assertThat(renamed.getMap()).as("the name is stripped, the zone kept").containsEntry("name", "rack-22")
                .containsEntry("availability_zone", "az-2");
        assertThat(renamed.getString("updated_at")).isNotNull();
    }

    @Test
    void only_an_admin_manages_aggregates() {
        int id = create("rack-5", null).getInteger("id");
        refused(call(member, "GET", "/v2.1/os-aggregates", null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-aggregates:index to be performed.");
        refused(call(member, "POST", "/v2.1/os-aggregates", new JsonObject().put("aggregate", new JsonObject()
                .put("name", "mine")), "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-aggregates:create to be performed.");
        refused(call(member, "GET", "/v2.1/os-aggregates/" + id, null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-aggregates:show to be performed.");
        refused(call(member, "DELETE", "/v2.1/os-aggregates/" + id, null, "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-aggregates:delete to be performed.");
        refused(call(member, "POST", "/v2.1/os-aggregates/" + id + "/action", new JsonObject().put("add_host",
                new JsonObject().put("host", A)), "2.1"), 403, "forbidden",
                "Policy doesn't allow os_compute_api:os-aggregates:add_host to be performed.");
        assertThat(ok(call(admin, "GET", "/v2.1/os-aggregates/" + id, null, "2.1")).getJsonObject("aggregate")
                .getJsonArray("hosts")).isEmpty();
    }

    @Test
    void hosts_are_novalabs_compute_hosts_each_in_an_aggregate_once() {
        int id = create("rack-6", null).getInteger("id");
        JsonObject added = addHost(id, A);
        assertThat(added.getJsonArray("hosts")).containsExactly(A);
        refused(action(id, "add_host", new JsonObject().put("host", A)), 409, "conflictingRequest",
                "Aggregate " + id + " already has host " + A + ".");
        refused(action(id, "add_host", new JsonObject().put("host", "elsewhere")), 404, "itemNotFound",
                "Compute host elsewhere could not be found.");
        refused(action(id, "remove_host", new JsonObject().put("host", B)), 404, "itemNotFound",
                "Cannot remove host " + B + " in aggregate " + id);
        refused(call(admin, "DELETE", "/v2.1/os-aggregates/" + id, null, "2.1"), 400, "badRequest",
                "Cannot remove host from aggregate " + id + ". Reason: Host aggregate is not empty.");
        assertThat(ok(action(id, "remove_host", new JsonObject().put("host", A))).getJsonObject("aggregate")
                .getJsonArray("hosts")).isEmpty();
    }

    @Test
    void metadata_is_merged_and_a_null_value_removes_its_key() {
        int id = create("rack-7", null).getInteger("id");
        ok(action(id, "set_metadata", new JsonObject().put("metadata", new JsonObject().put("ssd", "yes")
                .put("gpu", "no"))));
        JsonObject after = ok(action(id, "set_metadata", new JsonObject().put("metadata", new JsonObject()
                .putNull("gpu").put("rack", "7")))).getJsonObject("aggregate");
        assertThat(after.getJsonObject("metadata").getMap()).containsExactlyInAnyOrderEntriesOf(Map.of("ssd", "yes",
                "rack", "7"));
        assertThat(ok(call(admin, "GET", "/v2.1/os-aggregates/" + id, null, "2.1")).getJsonObject("aggregate")
                .getJsonObject("metadata").getMap()).containsOnlyKeys("ssd", "rack");
        refused(action(id, "set_metadata", new JsonObject().put("metadata", new JsonObject()
                .putNull("availability_zone"))), 400, "badRequest", "Cannot update metadata of aggregate " + id
                + ". Reason: Aggregate rack-7 does not support empty named availability zone.");
        JsonObject zoned = ok(action(id, "set_metadata", new JsonObject().put("metadata", new JsonObject()
                .put("availability_zone", "az-7")))).getJsonObject("aggregate");
        assertThat(zoned.getString("availability_zone")).as("the zone is a metadata key").isEqualTo("az-7");
    }

    @Test
    void an_aggregates_zone_is_the_zone_its_hosts_and_their_servers_are_in() throws Exception {
        int id = create("rack-8", "az-8").getInteger("id");
        assertThat(zoneNames("/v2.1/os-availability-zone")).as("a zone without hosts is no zone yet")
                .containsExactly("nova");
        addHost(id, B);
        assertThat(zoneNames("/v2.1/os-availability-zone")).containsExactly("az-8", "nova");
        assertThat(zoneNames("/v2.1/os-availability-zone/detail")).containsExactly("az-8", "internal", "nova");
        JsonObject detail = ok(call(admin, "GET", "/v2.1/os-availability-zone/detail", null, "2.1"))
                .getJsonArray("availabilityZoneInfo").getJsonObject(0);
        assertThat(detail.getJsonObject("hosts").fieldNames()).containsExactly(B);
        assertThat(ok(call(admin, "GET", "/v2.1/os-services?host=" + B, null, "2.1")).getJsonArray("services")
                .getJsonObject(0).getString("zone")).isEqualTo("az-8");

        JsonObject placed = admin.awaitStatus(boot("zoned", "az-8"), "ACTIVE");
        assertThat(placed.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(B);
        assertThat(placed.getString("OS-EXT-AZ:availability_zone")).isEqualTo("az-8");
        JsonObject unzoned = admin.awaitStatus(boot("default", "nova"), "ACTIVE");
        assertThat(unzoned.getString("OS-EXT-SRV-ATTR:host")).isEqualTo(A);
        assertThat(unzoned.getString("OS-EXT-AZ:availability_zone")).isEqualTo("nova");

        Api.Response nowhere = call(admin, "POST", "/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "nowhere").put("imageRef", TestServers.CIRROS).put("flavorRef", "1")
                .put("networks", "none").put("availability_zone", "az-9")), "2.37");
        refused(nowhere, 400, "badRequest", "The requested availability zone is not available");
    }

    @Test
    void a_zone_whose_hosts_cannot_take_the_server_fails_it_with_no_valid_host() throws Exception {
        int id = create("rack-10", "az-10").getInteger("id");
        addHost(id, B);
        String compute = ok(call(admin, "GET", "/v2.1/os-services?host=" + B + "&binary=nova-compute", null, "2.53"))
                .getJsonArray("services").getJsonObject(0).getString("id");
        ok(call(admin, "PUT", "/v2.1/os-services/" + compute, new JsonObject().put("forced_down", true), "2.53"));
        try {
            JsonObject failed = admin.awaitStatus(boot("stuck", "az-10"), "ERROR");
            assertThat(failed.getJsonObject("fault").getString("message")).startsWith("No valid host was found.");
            assertThat(failed.getString("OS-EXT-AZ:availability_zone")).as("the zone it asked for").isEqualTo("az-10");
        } finally {
            ok(call(admin, "PUT", "/v2.1/os-services/" + compute, new JsonObject().put("forced_down", false), "2.53"));
        }
    }

    @Test
    void a_host_running_servers_does_not_change_zone() throws Exception {
        admin.awaitStatus(boot("resident", null), "ACTIVE");
        String host = admin.get("/v2.1/servers/detail").json().getJsonArray("servers").getJsonObject(0)
                .getString("OS-EXT-SRV-ATTR:host");
        int zoned = create("rack-11", "az-11").getInteger("id");
        refused(action(zoned, "add_host", new JsonObject().put("host", host)), 409, "conflictingRequest",
                "Cannot add host to aggregate " + zoned + ". Reason: The host cannot be added to the aggregate as the "
                        + "availability zone of the host would change from 'None' to 'az-11' but the host already has "
                        + "1 instance(s). Changing the AZ of an existing instance is not supported by this action. Move "
                        + "the instances away from this host then try again. If you need to move the instances between "
                        + "AZs then you can use shelve_offload and unshelve to achieve this.");
        int plain = create("rack-12", null).getInteger("id");
        assertThat(addHost(plain, host).getJsonArray("hosts")).as("an aggregate without a zone moves nothing")
                .containsExactly(host);
        refused(call(admin, "PUT", "/v2.1/os-aggregates/" + plain, new JsonObject().put("aggregate", new JsonObject()
                .put("availability_zone", "az-12")), "2.1"), 400, "badRequest", "Cannot update aggregate " + plain
                + ". Reason: One or more hosts contain instances in this zone.");

        int other = create("rack-13", "az-13").getInteger("id");
        String free = host.equals(A) ? B : A;
        addHost(other, free);
        refused(action(zoned, "add_host", new JsonObject().put("host", free)), 409, "conflictingRequest",
                "Cannot add host to aggregate " + zoned + ". Reason: One or more hosts already in availability "
                        + "zone(s) ['az-13'].");
    }
}
