package org.novalab.api.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.server.Backends;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;
import org.novalab.compute.BackendKind;
import org.novalab.compute.CachedBase;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.SpawnResult;
import org.novalab.compute.domain.DiskSource;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.fixture.FixtureGuest;

/**
 * A live novalab server whose classroom and virsh endpoints act on a real compute host (novalab's driver, libvirt's
 * test driver in a private state, boot emulation), with the fixture guest as its one Glance image.
 */
public final class LabServer implements AutoCloseable {
    final NovalabServer server;
    public final ComputeHost host;
    /** The fixture guest, which every fresh server holds as its one Glance image. */
    final String imageId = TestServers.CIRROS;
    public final Path state;
    private long nextInstance = 1;

    public LabServer(Path state) throws Exception {
        this.state = state;
        Path instances = Files.createDirectories(state.resolve("instances"));
        Path node = state.resolve("test-node.xml");
        Files.writeString(node, "<node/>\n");
        ComputeConfig config = ComputeConfig.defaults(instances).withHypervisorUri("test://" + node);
        host = ComputeHost.open(config, id -> base(config.baseDir(), id), Disks.java(),
                (disk, keys) -> Disks.open(((DiskSource.File) disk.source()).path(),
                        ImageFormat.fromQemuName(disk.driverType()), keys, true), Optional.empty());
        ComputeBackend compute = new FakeCompute();
        Backends backends = (cfg, db, images, metrics) -> new Backends.Running() {
            @Override
            public ComputeBackend compute() {
                return compute;
            }

            @Override
            public Optional<ComputeHost> host() {
                return Optional.of(host);
            }

            @Override
            public void close() {
            }
        };
        server = NovalabServer.start(TestServers.config(state), backends);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Api admin() {
        return Api.login(baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    /** Boots an instance of the fixture image through the driver, as the Nova API would. */
    public SpawnResult spawn(EncryptionChoice encryption, DiskCreation creation) {
        SpawnRequest r = new SpawnRequest(UUID.randomUUID(), nextInstance++, "vm", new Flavor("1", "m1.tiny", 1, 64, 1,
                Map.of()), imageId, Map.of(), BackendKind.QCOW2, creation, encryption, Optional.empty());
        return host.driver().spawn(r);
    }

    private static CachedBase base(Path baseDir, String imageId) {
        Path p = baseDir.resolve(StoreCatalog.sha1(imageId));
        try {
            if (!Files.exists(p)) {
                FixtureGuest.write(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CachedBase(imageId, p, ImageFormat.RAW, FixtureGuest.SIZE);
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            host.close();
        }
    }
}
