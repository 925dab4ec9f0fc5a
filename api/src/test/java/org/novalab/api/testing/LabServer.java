package org.novalab.api.testing;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.image.ImageService;

/**
 * A live novalab server as {@code novalab serve} runs it (the real compute host: novalab's driver, image cache and
 * boot emulation), on libvirt's test driver in a private state so nothing is shared with other tests.
 */
public final class LabServer implements AutoCloseable {
    /** The bootstrap flavors with an encrypted root disk. */
    public static final String LUKS_FLAVOR = "101";
    public static final String LEGACY_AES_FLAVOR = "102";

    final NovalabServer server;
    public final Path state;

    public LabServer(Path state) throws Exception {
        this.state = state;
        Files.createDirectories(state);
        Path node = state.resolve("test-node.xml");
        Files.writeString(node, "<node/>\n");
        server = NovalabServer.start(TestServers.config(state).withHypervisorUri("test://" + node),
                new LibvirtComputeServices());
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Api admin() {
        return Api.login(baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    /** A member (not admin) of a new project, logged in: what a student's own account would be. */
    public Api member(String name) {
        Api admin = admin();
        String project = admin.post("/identity/v3/projects", new JsonObject().put("project",
                new JsonObject().put("name", name + "-project"))).json().getJsonObject("project").getString("id");
        String user = admin.post("/identity/v3/users", new JsonObject().put("user", new JsonObject().put("name", name)
                .put("password", "pw-" + name).put("default_project_id", project))).json().getJsonObject("user")
                .getString("id");
        admin.send("PUT", "/identity/v3/projects/" + project + "/users/" + user + "/roles/member", null, Map.of());
        return Api.login(baseUrl(), name, "pw-" + name, name + "-project");
    }

    /** Boots the fixture image (cirros-x86_64) through the Nova API, as Horizon's "boot from image" would. */
    public String boot(String name, String flavorId) throws InterruptedException {
        Api admin = admin();
        JsonObject body = new JsonObject().put("server", new JsonObject().put("name", name)
                .put("imageRef", ImageService.FIXTURE_ID).put("flavorRef", flavorId));
        Api.Response r = admin.send("POST", "/v2.1/servers", body.encode(), Map.of());
        if (r.status() != 202) {
            throw new AssertionError("boot of " + name + ": " + r.body());
        }
        String id = r.json().getJsonObject("server").getString("id");
        admin.awaitStatus(id, "ACTIVE");
        return id;
    }

    /** Waits until the builds and actions queued so far have run, their metrics and log lines written. */
    public void awaitIdle() throws InterruptedException {
        server.awaitIdle();
    }

    @Override
    public void close() {
        server.close();
    }
}
