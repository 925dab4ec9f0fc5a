package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.novalab.api.testing.PlainOnlyCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.VirtDriver;

/**
 * CloudStack's rule, as Nova's ephemeral-encryption prefilter applies it: an encrypted disk goes only to a host that
 * reports it can encrypt (the trait {@code COMPUTE_EPHEMERAL_ENCRYPTION}, from its probe), a plain one anywhere. Of
 * three hosts, one cannot encrypt at all; LUKS servers spread over the other two.
 */
class EncryptionSchedulingApiTest {
    static final String A = "host-a";
    static final String B = "host-b";
    static final String PLAIN_ONLY = "host-c";
    static final String LUKS_FLAVOR = "101";
    static final String PLAIN_FLAVOR = "1";
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;

    @BeforeAll
    static void start() throws Exception {
        LinkedHashMap<String, VirtDriver> drivers = new LinkedHashMap<>();
        drivers.put(A, new FakeCompute());
        drivers.put(B, new FakeCompute());
        drivers.put(PLAIN_ONLY, new PlainOnlyCompute());
        server = TestServers.startHosts(TestServers.config(state), drivers);
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void clean() throws Exception {
        for (String host : List.of(A, B)) {
            service(host, "enable");
        }
        TestServers.deleteEveryServer(server, admin);
    }

    static String boot(String name, String flavor) {
        Api.Response r = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", TestServers.CIRROS).put("flavorRef", flavor).put("networks", "none")));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getJsonObject("server").getString("id");
    }

    static String hostOf(String id) throws InterruptedException {
        JsonObject vm = admin.awaitStatus(id, "ACTIVE", "ERROR");
        assertThat(vm.getString("status")).as(vm.encodePrettily()).isEqualTo("ACTIVE");
        return vm.getString("OS-EXT-SRV-ATTR:host");
    }

    static void service(String host, String action) {
        Api.Response r = admin.send("PUT", "/v2.1/os-services/" + action, new JsonObject().put("host", host)
                .put("binary", "nova-compute").encode(), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void luks_servers_land_only_on_hosts_that_can_encrypt_and_spread_over_them() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(boot("luks-" + i, LUKS_FLAVOR));
        }
        List<String> hosts = new ArrayList<>();
        for (String id : ids) {
            hosts.add(hostOf(id));
        }
        assertThat(hosts).containsExactlyInAnyOrder(A, A, A, B, B, B);
    }

    @Test
    void plain_servers_go_to_the_host_that_cannot_encrypt_too() throws Exception {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hosts.add(hostOf(boot("plain-" + i, PLAIN_FLAVOR)));
        }
        assertThat(hosts).containsExactlyInAnyOrder(A, B, PLAIN_ONLY);
    }

    @Test
    void with_only_the_plain_host_left_a_luks_server_is_refused_with_that_hosts_reason() throws Exception {
        service(A, "disable");
        service(B, "disable");
        Api.Response refused = admin.post("/v2.1/servers", new JsonObject().put("server", new JsonObject()
                .put("name", "nowhere").put("imageRef", TestServers.CIRROS).put("flavorRef", LUKS_FLAVOR)
                .put("networks", "none")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().getJsonObject("badRequest").getString("message"))
                .contains(PlainOnlyCompute.REASON);

        assertThat(hostOf(boot("plain", PLAIN_FLAVOR))).isEqualTo(PLAIN_ONLY);
    }
}
