package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.api.testing.TestServers;
import org.novalab.testing.RealTools;

/**
 * The real {@code openstack} client's compute verbs beyond servers' lifecycle, against a real novalab (compute driver
 * on test:///default): key pairs, quotas and limits, usage, hypervisors, services, zones, server groups, server
 * properties and events, flavor properties and deletion. Each command must succeed and agree with the API.
 */
@Tag("integration")
class ComputeClientIT {
    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;
    static Api api;
    static String demo;

    @BeforeAll
    static void start() throws Exception {
        server = NovalabServer.start(TestServers.config(state), new LibvirtComputeServices());
        cli = new OpenstackCli(server.baseUrl(), state);
        api = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        demo = api.get("/identity/v3/projects").json().getJsonArray("projects").stream().map(o -> (JsonObject) o)
                .filter(p -> p.getString("name").equals("demo")).findFirst().orElseThrow().getString("id");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonObject nova(String path, String microversion) {
        Api.Response r = api.send("GET", path, null, Map.of("OpenStack-API-Version", "compute " + microversion));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void key_pairs_are_created_listed_shown_and_deleted_and_the_private_key_opens_with_ssh_keygen() throws Exception {
        Path privateKey = state.resolve("id_laptop");
        String created = cli.os("keypair", "create", "--private-key", privateKey.toString(), "laptop", "-f", "json");
        assertThat(created).doesNotContain("PRIVATE KEY");
        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Files.setPosixFilePermissions(privateKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        JsonObject stored = nova("/v2.1/os-keypairs/laptop", "2.2").getJsonObject("keypair");
        // the private key novalab answered derives the very public key it keeps
        Process derive = new ProcessBuilder(RealTools.require("ssh-keygen", "openssh-client").toString(), "-y", "-f",
                privateKey.toString()).redirectErrorStream(true).start();
        String derived = new String(derive.getInputStream().readAllBytes()).strip();
        assertThat(derive.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stored.getString("public_key")).startsWith(derived);

        Path pub = state.resolve("imported.pub");
        Process gen = new ProcessBuilder(RealTools.require("ssh-keygen", "openssh-client").toString(), "-q", "-t",
                "ed25519", "-N", "", "-C", "it", "-f", state.resolve("imported").toString()).start();
        assertThat(gen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Process fp = new ProcessBuilder("ssh-keygen", "-l", "-E", "md5", "-f", pub.toString()).start();
        String md5 = new String(fp.getInputStream().readAllBytes()).split(" ")[1].replace("MD5:", "");
        JsonObject imported = cli.json("keypair", "create", "--public-key", pub.toString(), "imported", "-f", "json");
        assertThat(imported.getString("fingerprint")).isEqualTo(md5);

        List<JsonObject> listed = cli.rows("keypair", "list", "-f", "json");
        assertThat(listed.stream().map(r -> r.getString("Name"))).containsExactlyInAnyOrder("laptop", "imported");
        assertThat(cli.json("keypair", "show", "imported", "-f", "json").getString("fingerprint")).isEqualTo(md5);
        assertThat(cli.os("keypair", "show", "--public-key", "imported").strip())
                .isEqualTo(Files.readString(pub).strip());
        cli.os("keypair", "delete", "laptop", "imported");
        assertThat(nova("/v2.1/os-keypairs", "2.2").getJsonArray("keypairs")).isEmpty();
    }

    @Test
    void quotas_and_limits_are_shown_and_set() throws Exception {
        JsonObject quota = cli.json("quota", "show", "demo", "-f", "json");
        assertThat(quota.getInteger("instances")).isEqualTo(10);
        assertThat(quota.getInteger("cores")).isEqualTo(20);
        cli.os("quota", "set", "--instances", "15", "--cores", "30", "--ram", "40960", "--key-pairs", "7", "demo");
        JsonObject set = nova("/v2.1/os-quota-sets/" + demo, "2.1").getJsonObject("quota_set");
        assertThat(set.getMap()).containsEntry("instances", 15).containsEntry("cores", 30).containsEntry("ram", 40960)
                .containsEntry("key_pairs", 7);
        assertThat(cli.json("quota", "show", "demo", "-f", "json").getInteger("instances")).isEqualTo(15);
        List<JsonObject> limits = cli.rows("limits", "show", "--absolute", "-f", "json");
        assertThat(limits.stream().filter(r -> r.getString("Name").equals("maxTotalInstances"))
                .map(r -> r.getInteger("Value"))).containsExactly(15);
        assertThat(limits.stream().filter(r -> r.getString("Name").equals("maxTotalKeypairs"))
                .map(r -> r.getInteger("Value"))).containsExactly(7);
        cli.os("quota", "set", "--instances", "10", "--cores", "20", "--ram", "51200", "--key-pairs", "100", "demo");
    }

    @Test
    void a_server_is_renamed_given_properties_and_its_events_are_listed_and_usage_counts_it() throws Exception {
        JsonObject vm = cli.json("server", "create", "--image", "cirros-x86_64", "--flavor", "m1.tiny", "--network",
                "none", "--property", "role=web", "--wait", "before", "-f", "json");
        String id = vm.getString("id");
        cli.os("server", "set", "--name", "after", "--property", "tier=1", id);
        JsonObject shown = nova("/v2.1/servers/" + id, "2.79").getJsonObject("server");
        assertThat(shown.getString("name")).isEqualTo("after");
        assertThat(shown.getJsonObject("metadata").getMap()).containsEntry("role", "web").containsEntry("tier", "1");
        cli.os("server", "stop", "after");
        api.awaitStatus(id, "SHUTOFF");

        List<JsonObject> events = cli.rows("server", "event", "list", "after", "-f", "json");
        assertThat(events.stream().map(e -> e.getString("Action"))).containsExactly("stop", "create");
        JsonArray actions = nova("/v2.1/servers/" + id + "/os-instance-actions", "2.79").getJsonArray("instanceActions");
        assertThat(events.stream().map(e -> e.getString("Request ID"))).containsExactlyElementsOf(actions.stream()
                .map(o -> ((JsonObject) o).getString("request_id")).toList());
        JsonObject event = cli.json("server", "event", "show", "after", events.get(1).getString("Request ID"), "-f",
                "json");
        assertThat(event.encode()).contains("compute__do_build_and_run_instance").contains("Success");

        List<JsonObject> usage = cli.rows("usage", "list", "-f", "json");
        JsonObject demoUsage = usage.stream().filter(u -> u.getString("Project").equals(demo)).findFirst().orElseThrow();
        assertThat(demoUsage.getJsonArray("Servers").stream().map(o -> ((JsonObject) o).getString("instance_id")))
                .contains(id);
        cli.os("server", "delete", "--wait", id);
    }

    @Test
    void the_deployment_is_seen_through_hypervisors_services_and_zones() throws Exception {
        List<JsonObject> hypervisors = cli.rows("hypervisor", "list", "-f", "json");
        assertThat(hypervisors).hasSize(1);
        assertThat(hypervisors.get(0).getString("Hypervisor Hostname")).isEqualTo(TestServers.HOST);
        assertThat(hypervisors.get(0).getString("Hypervisor Type")).isEqualTo("TEST");
        JsonObject detail = nova("/v2.1/os-hypervisors/detail", "2.79").getJsonArray("hypervisors").getJsonObject(0);
        JsonObject shown = cli.json("hypervisor", "show", TestServers.HOST, "-f", "json");
        assertThat(shown.getInteger("vcpus")).isEqualTo(Runtime.getRuntime().availableProcessors())
                .isEqualTo(detail.getInteger("vcpus"));
        assertThat(shown.getLong("memory_mb")).isEqualTo(detail.getLong("memory_mb"));
        JsonObject stats = cli.json("hypervisor", "stats", "show", "-f", "json");
        assertThat(stats.getInteger("count")).isEqualTo(1);
        assertThat(stats.getLong("memory_mb")).isEqualTo(detail.getLong("memory_mb"));

        List<JsonObject> services = cli.rows("compute", "service", "list", "-f", "json");
        assertThat(services.stream().map(s -> s.getString("Binary") + "@" + s.getString("Host") + "=" + s.getString("State")))
                .containsExactlyInAnyOrder("nova-scheduler@novalab-host=up", "nova-conductor@novalab-host=up",
                        "nova-compute@novalab-host=up");
        assertThat(cli.rows("compute", "service", "list", "--service", "nova-compute", "-f", "json")).hasSize(1);

        List<JsonObject> zones = cli.rows("availability", "zone", "list", "--compute", "-f", "json");
        assertThat(zones.stream().map(z -> z.getString("Zone Name") + "=" + z.getString("Zone Status")))
                .contains("nova=available");
    }

    @Test
    void server_groups_are_created_listed_and_deleted() throws Exception {
        JsonObject group = cli.json("server", "group", "create", "--policy", "anti-affinity", "spread", "-f", "json");
        String id = group.getString("id");
        assertThat(nova("/v2.1/os-server-groups/" + id, "2.64").getJsonObject("server_group").getString("policy"))
                .isEqualTo("anti-affinity");
        assertThat(cli.rows("server", "group", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .containsExactly("spread");
        cli.os("server", "group", "delete", "spread");
        assertThat(nova("/v2.1/os-server-groups", "2.64").getJsonArray("server_groups")).isEmpty();
    }

    @Test
    void flavors_get_properties_and_are_deleted() throws Exception {
        cli.os("flavor", "create", "--ram", "128", "--disk", "1", "--vcpus", "1", "--id", "cli-1", "cli-flavor");
        cli.os("flavor", "set", "--property", "hw:cpu_policy=shared", "--property", "quota:cpu_shares=512",
                "cli-flavor");
        assertThat(nova("/v2.1/flavors/cli-1/os-extra_specs", "2.79").getJsonObject("extra_specs").getMap())
                .containsEntry("hw:cpu_policy", "shared").containsEntry("quota:cpu_shares", "512");
        cli.os("flavor", "unset", "--property", "quota:cpu_shares", "cli-flavor");
        assertThat(nova("/v2.1/flavors/cli-1/os-extra_specs", "2.79").getJsonObject("extra_specs").fieldNames())
                .containsExactly("hw:cpu_policy");
        cli.os("flavor", "delete", "cli-flavor");
        assertThat(api.get("/v2.1/flavors/cli-1").status()).isEqualTo(404);
    }
}
