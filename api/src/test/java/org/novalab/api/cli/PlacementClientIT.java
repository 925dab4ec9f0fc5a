package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.api.testing.TestServers;

/**
 * The real {@code openstack resource provider ...} verbs (Debian's python3-osc-placement, which negotiates its
 * microversion with novalab) show the compute host, its inventory with the allocation ratios, the traits that
 * say what it can encrypt, and a LUKS server's allocation.
 */
@Tag("integration")
class PlacementClientIT {
    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        cli = new OpenstackCli(server.baseUrl(), state);
        api = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_host_its_inventory_its_traits_and_a_luks_servers_allocation() throws Exception {
        List<JsonObject> providers = cli.rows("resource", "provider", "list", "-f", "json");
        assertThat(providers).extracting(r -> r.getString("name")).containsExactly(TestServers.HOST);
        String uuid = providers.get(0).getString("uuid");
        assertThat(providers.get(0).getString("root_provider_uuid")).as("negotiated past 1.14").isEqualTo(uuid);

        List<JsonObject> inventory = cli.rows("resource", "provider", "inventory", "list", uuid, "-f", "json");
        assertThat(inventory).extracting(r -> r.getString("resource_class"))
                .containsExactly("VCPU", "MEMORY_MB", "DISK_GB");
        JsonObject vcpu = inventory.get(0);
        assertThat(vcpu.getInteger("total")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(vcpu.getDouble("allocation_ratio")).isEqualTo(64.0);

        assertThat(cli.rows("resource", "provider", "trait", "list", uuid, "-f", "json"))
                .extracting(r -> r.getString("name"))
                .contains("COMPUTE_EPHEMERAL_ENCRYPTION", "COMPUTE_EPHEMERAL_ENCRYPTION_LUKS");
        assertThat(cli.rows("resource", "provider", "list", "--required", "CUSTOM_VOLUME_ENCRYPTION", "-f", "json"))
                .as("the fake compute's Rbd backend cannot encrypt").isEmpty();

        String server = cli.json("server", "create", "--image", TestServers.CIRROS, "--flavor", "m1.tiny.luks",
                "--network", "none", "--wait", "placed", "-f", "json").getString("id");
        List<JsonObject> allocation = cli.rows("resource", "provider", "allocation", "show", server, "-f", "json");
        assertThat(allocation).hasSize(1);
        assertThat(allocation.get(0).getString("resource_provider")).isEqualTo(uuid);
        assertThat(allocation.get(0).getJsonObject("resources").getInteger("MEMORY_MB")).isEqualTo(512);
        assertThat(cli.rows("resource", "provider", "usage", "show", uuid, "-f", "json"))
                .filteredOn(r -> r.getString("resource_class").equals("VCPU"))
                .extracting(r -> r.getInteger("usage")).containsExactly(1);

        OpenstackCli.Result refused = cli.run("resource", "provider", "show", "8c3a2a2e-0f3c-4a8f-9d6e-1f2b3c4d5e6f");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("No resource provider with uuid 8c3a2a2e-0f3c-4a8f-9d6e-1f2b3c4d5e6f");
        cli.os("server", "delete", "--wait", server);
    }
}
