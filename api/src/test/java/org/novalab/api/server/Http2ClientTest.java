package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/**
 * A client that prefers HTTP/2 (Java's HttpClient does by default, as curl {@code --http2} and some SDKs do) offers
 * the cleartext upgrade on every request; the API answers in HTTP/1.1 and the whole body arrives, large ones too.
 */
class Http2ClientTest {
    @TempDir
    static Path state;
    static NovalabServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_client_offering_h2c_gets_the_whole_openapi_document_over_http_1_1() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) { // the upgrade is offered on the first request of a connection; reuse it too
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/openapi.json")).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            JsonObject document = new JsonObject(answer.body());
            assertThat(document.getString("openapi")).startsWith("3.1");
            assertThat(document.getJsonObject("paths").size()).isGreaterThan(100);
        }
    }
}
