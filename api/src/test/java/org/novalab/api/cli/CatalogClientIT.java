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

/** The real {@code openstack} client's catalog verbs against novalab's catalog, which is data now. */
@Tag("integration")
class CatalogClientIT {
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
    void the_catalog_the_client_lists_is_novalabs_own_at_the_address_it_used() throws Exception {
        List<JsonObject> catalog = cli.rows("catalog", "list", "-f", "json");
        assertThat(catalog).extracting(r -> r.getString("Name")).containsExactlyInAnyOrder("nova", "glance",
                "keystone", "cinder", "cinderv3", "placement");
        String compute = cli.json("catalog", "show", "compute", "-f", "json").encode();
        assertThat(compute).contains(server.baseUrl() + "/v2.1");

        assertThat(cli.rows("service", "list", "-f", "json")).extracting(r -> r.getString("Type"))
                .contains("compute", "image", "identity");
        assertThat(cli.rows("region", "list", "-f", "json")).extracting(r -> r.getString("Region"))
                .contains("RegionOne");
        List<JsonObject> endpoints = cli.rows("endpoint", "list", "--service", "image", "-f", "json");
        assertThat(endpoints).hasSize(3);
        assertThat(endpoints).extracting(r -> r.getString("Interface"))
                .containsExactlyInAnyOrder("public", "internal", "admin");
    }

    @Test
    void a_service_and_endpoint_made_with_the_client_are_in_the_next_token_until_disabled() throws Exception {
        cli.os("region", "create", "--description", "second", "RegionTwo");
        String service = cli.json("service", "create", "--name", "cinder-remote", "--description", "volumes",
                "volumev3",
                "-f", "json").getString("id");
        String endpoint = cli.json("endpoint", "create", "--region", "RegionTwo", service, "public",
                "http://volumes.example:8776/v3/$(project_id)s", "-f", "json").getString("id");
        assertThat(api.get("/identity/v3/endpoints/" + endpoint).json().getJsonObject("endpoint")
                .getString("region_id")).isEqualTo("RegionTwo");
        assertThat(cli.rows("catalog", "list", "-f", "json")).extracting(r -> r.getString("Name"))
                .contains("cinder-remote");

        assertThat(cli.json("catalog", "show", "cinder-remote", "-f", "json").encode()).contains("volumes.example");
        // as in Keystone, a service whose endpoints are all disabled stays listed, with none
        cli.os("endpoint", "set", "--disable", endpoint);
        assertThat(cli.json("catalog", "show", "cinder-remote", "-f", "json").encode())
                .doesNotContain("volumes.example");
        cli.os("service", "delete", service);
        assertThat(api.get("/identity/v3/endpoints/" + endpoint).status()).isEqualTo(404);
        cli.os("region", "delete", "RegionTwo");
        assertThat(cli.rows("region", "list", "-f", "json")).extracting(r -> r.getString("Region"))
                .doesNotContain("RegionTwo");
    }
}
