package org.novalab.imagecache.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import org.novalab.image.ImageJson;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;

/**
 * For the benchmark only: the two Glance v2 reads ({@code GET /v2/images/{id}} and {@code .../file}, streamed,
 * with Content-MD5) served from an {@link ImageService} by the JDK's HTTP server on 127.0.0.1, so the fetch
 * goes through a real HTTP stack when no novalab server is running. The real routes live in module api.
 */
final class LoopbackGlance implements AutoCloseable {
    private final HttpServer server;

    LoopbackGlance(ImageService service) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/images/", exchange -> handle(service, exchange));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static void handle(ImageService service, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring("/v2/images/".length());
        boolean file = path.endsWith("/file");
        String id = file ? path.substring(0, path.length() - "/file".length()) : path;
        try (exchange) {
            ImageRecord record;
            try {
                record = service.get(id);
            } catch (ImageNotFound e) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!file) {
                byte[] json = ImageJson.toJson(record).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Content-MD5",
                    Base64.getEncoder().encodeToString(HexFormat.of().parseHex(record.checksum())));
            exchange.sendResponseHeaders(200, record.size());
            try (InputStream in = service.download(id); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[1 << 20];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
