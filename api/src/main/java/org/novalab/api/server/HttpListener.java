package org.novalab.api.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;
import org.novalab.api.http.InvalidRequests;

/**
 * One HTTP listener on its own event loop. A server deploys one per core on the same port: Vert.x spreads the
 * connections over listeners that share a port, so routing and socket writes use more than one core. It speaks
 * HTTP/1.1 only, as Nova's, Glance's and Keystone's WSGI servers do: Vert.x's cleartext HTTP/2 upgrade is off,
 * because curl {@code --http2} got a 101 and no body after it.
 */
final class HttpListener extends VerticleBase {
    private final Router router;
    private final String address;
    private final int port;
    private final AtomicInteger boundPort;

    /** @param address   Nova's {@code osapi_compute_listen}: the IP address to listen on
     *  @param boundPort receives the port actually bound (port 0 picks a free one, shared by all listeners) */
    HttpListener(Router router, String address, int port, AtomicInteger boundPort) {
        this.router = router;
        this.address = address;
        this.port = port;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(router).invalidRequestHandler(new InvalidRequests())
                .listen(port, address)
                .onSuccess(server -> boundPort.set(server.actualPort()));
    }
}
