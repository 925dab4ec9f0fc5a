package org.novalab.api.testing;

import java.nio.file.Path;
import java.util.List;
import org.novalab.api.compute.ComputeBackend;
import org.novalab.api.image.ImageStore;
import org.novalab.api.server.Backends;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;

/** Starts a novalab server on a free port over a temp state dir, with given image store and compute driver. */
public final class TestServers {
    public static final String ADMIN_PASSWORD = "s3cret-admin";

    private TestServers() {
    }

    public static ServerConfig config(Path state) {
        return ServerConfig.embedded(state, 0).withAdminPassword(ADMIN_PASSWORD);
    }

    public static NovalabServer start(ServerConfig config, ImageStore images, ComputeBackend compute) throws Exception {
        Backends backends = (cfg, db, metrics) -> new Backends.Running() {
            @Override
            public ImageStore images() {
                return images;
            }

            @Override
            public ComputeBackend compute() {
                return compute;
            }

            @Override
            public void close() {
            }
        };
        return NovalabServer.start(config, backends, List.of());
    }
}
