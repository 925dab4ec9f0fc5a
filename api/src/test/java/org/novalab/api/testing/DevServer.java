package org.novalab.api.testing;

import java.nio.file.Path;
import org.novalab.api.server.NovalabServer;

/** A server on the fake compute driver, for poking at the protocol by hand: DevServer STATE_DIR PORT. */
public final class DevServer {
    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        NovalabServer server = TestServers.start(TestServers.config(Path.of(args[0])).withPort(Integer.parseInt(args[1])),
                new FakeCompute());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("listening on " + server.baseUrl());
        Thread.currentThread().join();
    }
}
