package org.novalab.api.virsh.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Keystone v3 password authentication, as the openstack client does it: the token is the X-Subject-Token header. */
final class KeystoneLogin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;

    KeystoneLogin(HttpClient http) {
        this.http = http;
    }

    String token(Credentials c) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", c.username());
        user.putObject("domain").put("name", c.userDomain());
        user.put("password", c.password());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", c.projectName());
        project.putObject("domain").put("name", c.projectDomain());
        HttpRequest request = HttpRequest.newBuilder(URI.create(c.authUrl() + "/auth/tokens"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(root.toString())).build();
        HttpResponse<String> response = VirshClient.exchange(http, request);
        String token = response.headers().firstValue("X-Subject-Token").orElse(null);
        if (response.statusCode() != 201 || token == null) {
            throw new VirshError(response.statusCode(), "authentication failed: "
                    + VirshClient.errorMessage(response));
        }
        return token;
    }
}
