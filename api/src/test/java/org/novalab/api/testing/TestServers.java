package org.novalab.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;
import org.novalab.compute.rpc.bus.InJvmBus;
import org.novalab.compute.rpc.remote.ComputeRpcServer;
import org.novalab.compute.rpc.remote.PassphraseSeal;
import org.novalab.compute.rpc.remote.RpcComputeApi;
import org.novalab.api.compute.resize.HibernateResizeStore;
import org.novalab.api.server.ComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.manager.BuildMetrics;
import org.novalab.compute.manager.ComputeManager;
import org.novalab.compute.rpc.LocalComputeApi;
import org.novalab.compute.snapshot.ImageUploads;
import org.novalab.image.ImageService;

/** Starts a novalab server on a free port over a temp state dir, with a given hypervisor driver. */
public final class TestServers {
    public static final String ADMIN_PASSWORD = "s3cret-admin";
    /** The image every fresh server holds (imagecache's bootstrap). */
    public static final String CIRROS = ImageService.FIXTURE_ID;
    /** The compute host a test server runs its driver as. */
    public static final String HOST = "novalab-host";

    private TestServers() {
    }

    /**
     * A test server's configuration. Its hosts take 64 vCPUs per CPU and 16 times their memory: the API tests boot
     * many small servers on one host of a 2-core machine (64 of 512 MB at once) and are not about capacity
     * (SchedulerApiTest runs at Nova's ratios).
     */
    public static ServerConfig config(Path state) {
        return ServerConfig.embedded(state, 0).withAdminPassword(ADMIN_PASSWORD).withHost(HOST)
                .withScheduling(new ServerConfig.Scheduling(64.0, 16.0, 4.0, 3));
    }

    /** A server whose one compute host, {@value #HOST}, runs {@code driver} (no hypervisor for virsh to show). */
    public static NovalabServer start(ServerConfig config, VirtDriver driver) throws Exception {
        return start(config, driver, List.of(config.host()));
    }

    /** A server with several compute hosts in its process, all running {@code driver} (which keeps any instance). */
    public static NovalabServer start(ServerConfig config, VirtDriver driver, List<String> hosts) throws Exception {
        return NovalabServer.start(config, compute(driver, hosts));
    }

    /** A server with several compute hosts in its process, each running its own driver. */
    public static NovalabServer startHosts(ServerConfig config, java.util.LinkedHashMap<String, VirtDriver> drivers)
            throws Exception {
        return NovalabServer.start(config, compute(drivers));
    }

    /** Compute hosts {@code hosts}, all running {@code driver}, reached over the in-JVM bus as in serve. */
    public static ComputeServices compute(VirtDriver driver, List<String> hosts) {
        java.util.LinkedHashMap<String, VirtDriver> drivers = new java.util.LinkedHashMap<>();
        hosts.forEach(h -> drivers.put(h, driver));
        return compute(drivers);
    }

    /** Compute hosts, each running its driver, reached over the in-JVM bus as in serve. */
    public static ComputeServices compute(java.util.LinkedHashMap<String, VirtDriver> drivers) {
        return compute(context -> drivers);
    }

    /**
     * Compute hosts whose drivers are made from the server's own parts (its database for a shared key manager, its
     * image service for each host's {@code _base}), reached over the in-JVM bus as in serve.
     */
    public static ComputeServices compute(
            java.util.function.Function<ComputeServices.Context, java.util.LinkedHashMap<String, VirtDriver>> made) {
        return context -> {
            java.util.LinkedHashMap<String, VirtDriver> drivers = made.apply(context);
            // the API reaches these hosts over the in-JVM bus, as in serve: every API test crosses it, and so do
            // the hosts' moves to each other
            InJvmBus bus = new InJvmBus();
            PassphraseSeal seal = PassphraseSeal.fromMasterKey(new SecretKeySpec(new byte[32], "AES"),
                    new SecureRandom());
            RpcComputeApi hosts = new RpcComputeApi(bus, seal, Duration.ofSeconds(60));
            LocalComputeApi door = new LocalComputeApi(drivers.entrySet().stream()
                    .map(e -> new ComputeManager(e.getKey(), e.getValue(), context.instances(),
                            Optional.of(new HibernateResizeStore(context.db(), Clock.systemUTC())),
                            new BuildMetrics(context.metrics()), Optional.empty(), Optional.empty(), ImageUploads.NONE,
                            Optional.of(hosts)))
                    .toList(),
                    context.config().buildThreads(), context.config().buildQueue());
            ComputeRpcServer rpc = ComputeRpcServer.serve(bus, door, door.hosts(), seal);
            return ComputeServices.Running.overBus(hosts, rpc, door, bus);
        };
    }

    /**
     * Deletes every server of every project and waits until the deletes are done: the clean slate a test class that
     * shares one server between its tests leaves after each test. Work a test started is awaited first.
     */
    public static void deleteEveryServer(NovalabServer server, Api admin) throws InterruptedException {
        server.awaitIdle();
        for (Object o : admin.get("/v2.1/servers?all_tenants=1").json().getJsonArray("servers")) {
            admin.delete("/v2.1/servers/" + ((JsonObject) o).getString("id"));
        }
        server.awaitIdle();
    }

    /** Creates and uploads an image through the Glance API; returns its id. */
    public static String uploadImage(Api api, String name, String diskFormat, byte[] data, Map<String, String> properties) {
        JsonObject body = new JsonObject().put("name", name).put("disk_format", diskFormat)
                .put("container_format", "bare").put("visibility", "public");
        properties.forEach(body::put);
        Api.Response created = api.post("/v2/images", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        Api.Response put = api.sendBytes("PUT", "/v2/images/" + id + "/file", HttpRequest.BodyPublishers.ofByteArray(data),
                Map.of("Content-Type", "application/octet-stream"));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        return id;
    }
}
