package org.novalab.dist.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.novalab.api.testing.OpenstackCli;

/**
 * Requests to a cloud's API under one token (issued by the real openstack client), for what the Debian client
 * cannot ask (a boot from a new volume without a network) or cannot ask fast enough (thirty boots at once).
 */
record CloudRequests(String base, String token, HttpClient http) {
    static CloudRequests of(OpenstackCli cli, String base) throws Exception {
        return new CloudRequests(base, cli.os("token", "issue", "-f", "value", "-c", "id").strip(),
                HttpClient.newHttpClient());
    }

    /** A POST whose answer must be {@code status}; its body as JSON. */
    JsonObject post(String path, JsonObject body, int status) throws Exception {
        HttpResponse<String> r = postAsync(path, body, Map.of()).get();
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    /** A POST sent without waiting for its answer, with extra {@code headers} (a microversion). */
    CompletableFuture<HttpResponse<String>> postAsync(String path, JsonObject body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        headers.forEach(b::header);
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("X-Auth-Token", token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** The status a GET of {@code path} answers (404 once a server is gone). */
    int statusOf(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Auth-Token", token).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Auth-Token", token).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
