package org.novalab.imagecache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.novalab.image.ImageJson;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;

/**
 * A Glance v2 client on the JDK's HttpClient: {@code GET /v2/images/{id}} and {@code GET /v2/images/{id}/file},
 * with the token from {@code tokens} in {@code X-Auth-Token}. Maps 404 to {@link ImageNotFound}, 5xx and
 * connection errors to {@link ImageSourceUnavailable} (retried by {@link ImageCache}), anything else to
 * {@link ImageFetchFailed}. It does not retry itself.
 */
public final class GlanceClient implements ImageSource {
    static {
        // The JDK client reads responses in 16 KiB buffers by default, and its per-buffer flow-control work then
        // costs more CPU than md5 + sha512 together (measured: ~4 ns/byte). 1 MiB buffers cut that by 4-5x.
        // The property is read once, when the JDK's HTTP client is first loaded; an explicit setting wins.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(1 << 20));
        }
    }

    private final URI base;
    private final Supplier<String> tokens;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration idleTimeout;

    /**
     * @param base   the image endpoint, e.g. {@code http://127.0.0.1:9292/} (a trailing {@code /v2} is accepted)
     * @param tokens gives the token for each request; may return null for an unauthenticated endpoint
     */
    public GlanceClient(URI base, Supplier<String> tokens) {
        this(base, tokens, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /**
     * @param requestTimeout how long to wait for an answer's headers
     * @param idleTimeout    how long a download may go without receiving a byte before it counts as failed
     */
    public GlanceClient(URI base, Supplier<String> tokens, HttpClient http, Duration requestTimeout,
                        Duration idleTimeout) {
        String b = base.toString().replaceAll("/+$", "").replaceAll("/v2$", "");
        this.base = URI.create(b + "/");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public ImageRecord describe(String imageId) {
        HttpResponse<String> response = send(imageId, "", HttpResponse.BodyHandlers.ofString());
        try {
            return ImageJson.fromJson(response.body());
        } catch (IllegalArgumentException e) {
            throw new ImageFetchFailed("Glance answered image " + imageId + " with an unreadable document: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String imageId) {
        HttpResponse<InputStream> response = send(imageId, "/file", HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 204) {
            closeQuietly(response.body());
            throw new ImageFetchFailed("image " + imageId + " has no data (Glance answered 204 No Content)");
        }
        return new IdleTimeoutInputStream(response.body(), idleTimeout);
    }

    private <T> HttpResponse<T> send(String imageId, String suffix, HttpResponse.BodyHandler<T> handler) {
        URI uri = base.resolve("v2/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8) + suffix);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout)
                .header("Accept", suffix.isEmpty() ? "application/json" : "application/octet-stream");
        String token = tokens.get();
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        HttpResponse<T> response;
        try {
            response = http.send(request.build(), handler);
        } catch (IOException e) {
            throw new ImageSourceUnavailable("GET " + uri + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageFetchFailed("interrupted while fetching image " + imageId, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        discard(response.body());
        if (status == 404) {
            throw new ImageNotFound(imageId);
        }
        if (status >= 500) {
            throw new ImageSourceUnavailable("GET " + uri + " answered " + status);
        }
        throw new ImageFetchFailed("GET " + uri + " answered " + status
                + (status == 401 || status == 403 ? " (token refused)" : ""));
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void discard(Object body) {
        if (body instanceof InputStream in) {
            closeQuietly(in);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from a failed answer
        }
    }

    @Override
    public String toString() {
        return "Glance at " + base;
    }
}
