package org.novalab.api.compute.resize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.backend.PoolRbdVolumes;
import org.novalab.compute.backend.RbdVolumes;
import org.novalab.compute.resize.ResizeError;
import org.novalab.disk.Disks;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.MasterKey;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * A server with two real compute hosts under {@code state}, each with its own instances directory, {@code _base},
 * libvirt test driver and secret store, one key manager in the server's database (the deployment's) and one pool
 * of Rbd disks both see (the deployment's Ceph). Started
 * again on the same directories, the hosts find what they left (the test drivers forget their domains and secrets,
 * as a host that was down has to define them again).
 */
final class TwoComputeHosts implements AutoCloseable {
    static final String A = "compute-a";
    static final String B = "compute-b";
    private final Path state;
    private final Map<String, ComputeHost> hosts = new LinkedHashMap<>();
    private final Set<String> failingFinish = ConcurrentHashMap.newKeySet();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger failingSpawns = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> failedSpawns = new java.util.concurrent.CopyOnWriteArrayList<>();
    private EmbeddedKeyManager keys;

    TwoComputeHosts(Path state) {
        this.state = state;
    }

    NovalabServer start() throws Exception {
        return start(UnaryOperator.identity());
    }

    /** Started with {@code tuned} applied to the test configuration. */
    NovalabServer start(UnaryOperator<ServerConfig> tuned) throws Exception {
        close();
        return NovalabServer.start(tuned.apply(TestServers.config(state)), TestServers.compute(context -> {
            SecureRandom random = new SecureRandom();
            keys = new EmbeddedKeyManager(MasterKey.loadOrCreate(state.resolve("master.key"), random),
                    new HibernateSecretStore(context.db()), random, Clock.systemUTC());
            LinkedHashMap<String, VirtDriver> drivers = new LinkedHashMap<>();
            // one pool of Rbd disks both hosts see, as two nova-computes see one Ceph cluster: shared storage
            Optional<RbdVolumes> rbd = Optional.of(new PoolRbdVolumes(context.images().pool(),
                    DirectoryCluster.open(state.resolve("pool")).createPool("vms")));
            for (String name : List.of(A, B)) {
                Path dir = instancesOf(name);
                try {
                    Files.createDirectories(dir);
                    Path node = Files.writeString(state.resolve(name + "-node.xml"), "<node/>\n");
                    ComputeHost host = ComputeHost.open(ComputeConfig.defaults(dir).withHypervisorUri("test://" + node),
                            new ImageCache(CacheConfig.defaults(dir), new LocalImageSource(context.images()),
                                    Disks.java()), rbd, keys);
                    hosts.put(name, host);
                    drivers.put(name, failingOnDemand(name, host.driver()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return drivers;
        }));
    }

    /**
     * The next {@code finish_migration} (or a live migration's arrival) on {@code host} fails after the files arrived,
     * as a destination whose disk
     * cannot be put in place (its {@code _base} full, its libvirt refusing the domain) would.
     */
    void failNextFinishOn(String host) {
        failingFinish.add(host);
    }

    /**
     * The next {@code count} spawns, on whichever host, fail as a host whose libvirt refuses the domain would (a
     * failure another host need not share); {@link #failedSpawns} says where.
     */
    void failNextSpawns(int count) {
        failedSpawns.clear();
        failingSpawns.set(count);
    }

    /** The hosts whose spawn {@link #failNextSpawns} failed, in order. */
    List<String> failedSpawns() {
        return List.copyOf(failedSpawns);
    }

    /**
     * Calls of a driver method on either host held from now until {@link Hold#release}: a compute host hung in the
     * middle of its work, as one that was killed or cut off looks from the outside.
     */
    Hold hold(String method) {
        Hold h = new Hold();
        holds.put(method, h);
        return h;
    }

    static final class Hold {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String host;

        /** The host whose call is held, once one arrived. */
        String awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no call reached the hold in 30 s");
            }
            return host;
        }

        void release() {
            released.countDown();
        }

        private void pass(String at) throws InterruptedException {
            host = at;
            reached.countDown();
            released.await(60, TimeUnit.SECONDS);
        }
    }

    private VirtDriver failingOnDemand(String host, VirtDriver driver) {
        return (VirtDriver) Proxy.newProxyInstance(VirtDriver.class.getClassLoader(), new Class<?>[] {VirtDriver.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("spawn") && failingSpawns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        failedSpawns.add(host);
                        throw new org.novalab.compute.HypervisorError("internal error: libvirt refused the domain on "
                                + host + " (a test's fault)");
                    }
                    if ((method.getName().equals("finishMigration") || method.getName().equals("arriveLive"))
                            && failingFinish.remove(host)) {
                        throw new ResizeError("no space left on " + host + " for the disk (a test's fault)");
                    }
                    Hold held = holds.get(method.getName());
                    if (held != null) {
                        held.pass(host);
                    }
                    try {
                        return method.invoke(driver, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** {@code openstack compute service set --down} (or {@code --up}) of the host's nova-compute, at 2.53. */
    static void forceDown(Api admin, String host, boolean down) {
        Map<String, String> v = Map.of("OpenStack-API-Version", "compute 2.53");
        String service = admin.send("GET", "/v2.1/os-services?binary=nova-compute&host=" + host, null, v).json()
                .getJsonArray("services").getJsonObject(0).getString("id");
        Api.Response r = admin.send("PUT", "/v2.1/os-services/" + service, new io.vertx.core.json.JsonObject()
                .put("forced_down", down).encode(), v);
        if (r.status() != 200) {
            throw new AssertionError("forcing " + host + (down ? " down" : " up") + ": " + r.status() + " " + r.body());
        }
    }

    /** The host of the two that is not {@code host}. */
    static String other(String host) {
        return host.equals(A) ? B : A;
    }

    /** The uuid of the libvirt secret of server {@code id}'s disk, as its secret.xml on {@code host} names it. */
    UUID secretOf(String host, String id) throws IOException {
        return org.novalab.compute.secret.SecretXml.parse(Files.readString(instancesOf(host).resolve(id)
                .resolve("secret.xml"))).uuid();
    }

    ComputeHost host(String name) {
        return hosts.get(name);
    }

    EmbeddedKeyManager keys() {
        return keys;
    }

    Path instancesOf(String host) {
        return state.resolve(host).resolve("instances");
    }

    @Override
    public void close() {
        hosts.values().forEach(ComputeHost::close);
        hosts.clear();
    }
}
