package org.novalab.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A real HTTP client for API tests (the JDK's), with a token and JSON helpers. */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    public static Api anonymous(String base) {
        return new Api(base, null);
    }

    /** Authenticates with a password, scoped to a project, like keystoneauth does. */
    public static Api login(String base, String user, String password, String project) {
        Response r = anonymous(base).send("POST", "/identity/v3/auth/tokens", passwordAuth(user, password, project), Map.of());
        assertThat(r.status()).as("login of %s: %s", user, r.body()).isEqualTo(201);
        return new Api(base, r.header("X-Subject-Token"));
    }

    public static String passwordAuth(String user, String password, String project) {
        return new JsonObject().put("auth", new JsonObject()
                .put("identity", new JsonObject().put("methods", new JsonArray().add("password"))
                        .put("password", new JsonObject().put("user", new JsonObject().put("name", user)
                                .put("domain", new JsonObject().put("name", "Default")).put("password", password))))
                .put("scope", new JsonObject().put("project", new JsonObject().put("name", project)
                        .put("domain", new JsonObject().put("name", "Default"))))).encode();
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Response post(String path, JsonObject body) {
        return send("POST", path, body.encode(), Map.of());
    }

    public Response post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        headers.forEach(b::header);
        return execute(b.build());
    }

    public Response sendBytes(String method, String path, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        headers.forEach(b::header);
        return execute(b.build());
    }

    public HttpResponse<byte[]> getBytes(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Response execute(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        }
    }

    /** Polls a server until its status is one of the given ones (or fails after 30 s). */
    public JsonObject awaitStatus(String serverId, String... statuses) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject server = null;
        while (System.nanoTime() < deadline) {
            Response r = get("/v2.1/servers/" + serverId);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            server = r.json().getJsonObject("server");
            if (java.util.Arrays.asList(statuses).contains(server.getString("status"))
                    && server.getValue("OS-EXT-STS:task_state") == null) {
                return server;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("server " + serverId + " never reached " + String.join("/", statuses) + ": " + server);
    }

    public int awaitGone(String serverId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int status = get("/v2.1/servers/" + serverId).status();
            if (status == 404) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("server " + serverId + " was never deleted");
    }
}
