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
import java.util.concurrent.ConcurrentHashMap;
import org.novalab.api.keys.HibernateSecretStore;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.VirtDriver;
import org.novalab.compute.resize.ResizeError;
import org.novalab.disk.Disks;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.ImageCache;
import org.novalab.imagecache.LocalImageSource;
import org.novalab.keys.EmbeddedKeyManager;
import org.novalab.keys.MasterKey;

/**
 * A server with two real compute hosts under {@code state}, each with its own instances directory, {@code _base},
 * libvirt test driver and secret store, and one key manager in the server's database (the deployment's). Started
 * again on the same directories, the hosts find what they left (the test drivers forget their domains and secrets,
 * as a host that was down has to define them again).
 */
final class TwoComputeHosts implements AutoCloseable {
    static final String A = "compute-a";
    static final String B = "compute-b";
    private final Path state;
    private final Map<String, ComputeHost> hosts = new LinkedHashMap<>();
    private final Set<String> failingFinish = ConcurrentHashMap.newKeySet();
    private EmbeddedKeyManager keys;

    TwoComputeHosts(Path state) {
        this.state = state;
    }

    NovalabServer start() throws Exception {
        close();
        return NovalabServer.start(TestServers.config(state), TestServers.compute(context -> {
            SecureRandom random = new SecureRandom();
            keys = new EmbeddedKeyManager(MasterKey.loadOrCreate(state.resolve("master.key"), random),
                    new HibernateSecretStore(context.db()), random, Clock.systemUTC());
            LinkedHashMap<String, VirtDriver> drivers = new LinkedHashMap<>();
            for (String name : List.of(A, B)) {
                Path dir = instancesOf(name);
                try {
                    Files.createDirectories(dir);
                    Path node = Files.writeString(state.resolve(name + "-node.xml"), "<node/>\n");
                    ComputeHost host = ComputeHost.open(ComputeConfig.defaults(dir).withHypervisorUri("test://" + node),
                            new ImageCache(CacheConfig.defaults(dir), new LocalImageSource(context.images()),
                                    Disks.java()), Optional.empty(), keys);
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
     * The next {@code finish_migration} on {@code host} fails after the files arrived, as a destination whose disk
     * cannot be put in place (its {@code _base} full, its libvirt refusing the domain) would.
     */
    void failNextFinishOn(String host) {
        failingFinish.add(host);
    }

    private VirtDriver failingOnDemand(String host, VirtDriver driver) {
        return (VirtDriver) Proxy.newProxyInstance(VirtDriver.class.getClassLoader(), new Class<?>[] {VirtDriver.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("finishMigration") && failingFinish.remove(host)) {
                        throw new ResizeError("no space left on " + host + " for the disk (a test's fault)");
                    }
                    try {
                        return method.invoke(driver, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
