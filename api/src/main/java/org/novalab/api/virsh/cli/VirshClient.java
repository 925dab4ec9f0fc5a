package org.novalab.api.virsh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The client side of novalab's admin-only virsh endpoints ({@code /novalab/v1/virsh/...}, see
 * {@code org.novalab.api.virsh.VirshRoutes}): one method per virsh verb, authenticated with a Keystone token.
 */
public final class VirshClient {
    static final String PREFIX = "/novalab/v1/virsh";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A row of {@code virsh list}: {@code id} is null when the hypervisor gives none (always for inactive ones). */
    public record DomainRow(String id, String name, String state, boolean active) {
    }

    /** A row of {@code virsh secret-list}. */
    public record SecretRow(String uuid, String usage) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final Credentials credentials;
    private String token;

    public VirshClient(Connection connection) {
        this.baseUrl = connection.baseUrl();
        this.credentials = connection.credentials();
        this.token = credentials.hasToken() ? credentials.token() : null;
    }

    public List<DomainRow> listDomains() {
        JsonNode body = json(send(request("/domains").GET()));
        List<DomainRow> rows = new ArrayList<>();
        for (JsonNode d : body.path("domains")) {
            rows.add(new DomainRow(d.hasNonNull("id") ? d.get("id").asText() : null, d.path("name").asText(),
                    d.path("state").asText(), d.path("active").asBoolean()));
        }
        return rows;
    }

    public String dumpXml(String domain) {
        return json(send(request("/domains/" + enc(domain) + "/xml").GET())).path("xml").asText();
    }

    /** @return the defined domain's name */
    public String define(String xml) {
        return json(send(request("/domains").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)))).path("name").asText();
    }

    public void start(String domain) {
        send(request("/domains/" + enc(domain) + "/start").POST(HttpRequest.BodyPublishers.noBody()));
    }

    public void destroy(String domain) {
        send(request("/domains/" + enc(domain) + "/destroy").POST(HttpRequest.BodyPublishers.noBody()));
    }

    public void undefine(String domain) {
        send(request("/domains/" + enc(domain)).DELETE());
    }

    /** @return the secret's uuid */
    public String secretDefine(String xml) {
        return json(send(request("/secrets").header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)))).path("uuid").asText();
    }

    /** Sends the value as virsh does: base64 of the secret bytes. */
    public void secretSetValue(String uuid, String base64) {
        ObjectNode body = JSON.createObjectNode().put("base64", base64);
        send(request("/secrets/" + enc(uuid) + "/value").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public List<SecretRow> secretList() {
        List<SecretRow> rows = new ArrayList<>();
        for (JsonNode s : json(send(request("/secrets").GET())).path("secrets")) {
            rows.add(new SecretRow(s.path("uuid").asText(), s.path("usage").asText()));
        }
        return rows;
    }

    public void secretUndefine(String uuid) {
        send(request("/secrets/" + enc(uuid)).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + PREFIX + path)).timeout(Duration.ofMinutes(2))
                .header("X-Auth-Token", token());
    }

    private String token() {
        if (token == null) {
            token = new KeystoneLogin(http).token(credentials);
        }
        return token;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.header("Accept", "application/json").build();
        HttpResponse<String> response = exchange(http, request);
        if (response.statusCode() / 100 != 2) {
            throw new VirshError(response.statusCode(), errorMessage(response));
        }
        return response;
    }

    static HttpResponse<String> exchange(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new VirshError(0, "failed to connect to the novalab server at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + ": connection refused");
        } catch (IOException e) {
            throw new VirshError(0, "failed to talk to the novalab server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirshError(0, "interrupted");
        }
    }

    /** The message of an OpenStack-style error body ({@code {"badRequest": {"message": ...}}} and the like). */
    static String errorMessage(HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.isObject()) {
                if (body.hasNonNull("message")) {
                    return body.get("message").asText();
                }
                Iterator<JsonNode> values = body.elements();
                while (values.hasNext()) {
                    JsonNode v = values.next();
                    if (v.hasNonNull("message")) {
                        return v.get("message").asText();
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to the status line
        }
        return "HTTP " + response.statusCode() + (response.body().isBlank() ? "" : ": " + response.body().strip());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new VirshError(response.statusCode(), "the server answered something that is not JSON");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
