package org.novalab.imagecache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.image.ImageJson;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;
import org.novalab.image.inspect.CraftedImages;
import org.novalab.imagecache.testing.TestImages;

/** ImageCache + GlanceClient against a stubbed Glance: what is retried, what is refused, what is left behind. */
class GlanceFetchTest {
    static final String ID = "6a6f72f6-1111-4222-8333-a868a0000001";
    static final String META = "/v2/images/" + ID;
    static final String FILE = META + "/file";

    @RegisterExtension
    static WireMockExtension glance = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path instances;
    byte[] data = TestImages.randomBytes(3 * 1024 * 1024 + 17, 7);
    ImageCache cache;

    @BeforeEach
    void setUp() {
        CacheConfig config = CacheConfig.defaults(instances).withRetries(3, Duration.ofMillis(10));
        cache = new ImageCache(config, new GlanceClient(URI.create(glance.baseUrl()), () -> "tok-123"), null);
    }

    private void serveRecord(ImageRecord record) {
        glance.stubFor(get(urlEqualTo(META)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(ImageJson.toJson(record))));
    }

    private void serveRecord() {
        serveRecord(TestImages.activeRecord(ID, "raw", data));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream").withBody(body);
    }

    /** The stub answers the first call with {@code first}, every later one with the image. */
    private void fileFailsOnceThenServes(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
        glance.stubFor(get(urlEqualTo(FILE)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first).willSetStateTo("recovered"));
        glance.stubFor(get(urlEqualTo(FILE)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(ok(data)));
    }

    private Path base() {
        return cache.basePath(ID);
    }

    private void assertNothingLeftInBase() throws IOException {
        assertThat(base()).doesNotExist();
        if (Files.isDirectory(cache.baseDir())) {
            try (Stream<Path> files = Files.list(cache.baseDir())) {
                assertThat(files).as("no .part or other file left").isEmpty();
            }
        }
    }

    private void assertFetchedOnce(BaseImage image) throws IOException {
        assertThat(image.fetched()).isTrue();
        assertThat(image.path()).isEqualTo(instances.resolve("_base").resolve(ImageCache.baseName(ID)));
        assertThat(Files.readAllBytes(image.path())).isEqualTo(data);
        try (Stream<Path> files = Files.list(cache.baseDir())) {
            assertThat(files).containsExactlyInAnyOrder(image.path(), BaseInfo.pathFor(image.path()));
        }
    }

    @Test
    void the_base_file_is_named_by_the_sha1_of_the_image_id_like_nova() {
        assertThat(ImageCache.baseName("b5351923-136c-484a-a538-49f81bdf9497"))
                .isEqualTo(TestImages.hex("SHA-1", "b5351923-136c-484a-a538-49f81bdf9497".getBytes()));
        assertThat(ImageCache.baseName(ID)).matches("[0-9a-f]{40}");
    }

    @Test
    void a_500_is_retried_and_the_image_lands_in_base_once() throws IOException {
        serveRecord();
        fileFailsOnceThenServes(aResponse().withStatus(500).withBody("boom"));

        BaseImage image = cache.fetchToBase(ID);

        assertFetchedOnce(image);
        assertThat(image.virtualSize()).isEqualTo(data.length);
        glance.verify(2, getRequestedFor(urlEqualTo(FILE)).withHeader("X-Auth-Token", equalTo("tok-123")));
        assertThat(cache.metrics().downloadAttempts()).isEqualTo(2);
        assertThat(cache.metrics().downloads()).isEqualTo(1);
    }

    @Test
    void a_connection_reset_is_retried() throws IOException {
        serveRecord();
        fileFailsOnceThenServes(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertFetchedOnce(cache.fetchToBase(ID));
        glance.verify(2, getRequestedFor(urlEqualTo(FILE)));
    }

    @Test
    void a_body_cut_short_is_retried_from_byte_zero() throws IOException {
        serveRecord();
        fileFailsOnceThenServes(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        assertFetchedOnce(cache.fetchToBase(ID));
        glance.verify(2, getRequestedFor(urlEqualTo(FILE)));
    }

    @Test
    void a_body_broken_mid_stream_is_retried() throws IOException {
        serveRecord();
        fileFailsOnceThenServes(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        assertFetchedOnce(cache.fetchToBase(ID));
        glance.verify(2, getRequestedFor(urlEqualTo(FILE)));
    }

    @Test
    void a_body_shorter_than_the_record_says_is_retried() throws IOException {
        serveRecord();
        fileFailsOnceThenServes(ok(java.util.Arrays.copyOf(data, data.length / 2)));

        assertFetchedOnce(cache.fetchToBase(ID));
        glance.verify(2, getRequestedFor(urlEqualTo(FILE)));
    }

    @Test
    void when_every_attempt_fails_the_fault_is_clear_and_nothing_is_left() throws IOException {
        serveRecord();
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining(ID).hasMessageContaining("after 4 attempt(s)");

        glance.verify(4, getRequestedFor(urlEqualTo(FILE)));
        assertNothingLeftInBase();
        assertThat(cache.metrics().failures()).isEqualTo(1);
    }

    @Test
    void a_slow_trickle_still_succeeds_in_one_attempt() throws IOException {
        serveRecord();
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(ok(data).withChunkedDribbleDelay(20, 600)));

        assertFetchedOnce(cache.fetchToBase(ID));
        glance.verify(1, getRequestedFor(urlEqualTo(FILE)));
    }

    @Test
    void a_body_that_stalls_is_abandoned_after_the_idle_timeout_and_retried() throws IOException {
        cache = new ImageCache(CacheConfig.defaults(instances).withRetries(3, Duration.ofMillis(10)),
                new GlanceClient(URI.create(glance.baseUrl()), () -> "tok-123",
                        java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(5), Duration.ofMillis(300)),
                null);
        serveRecord();
        fileFailsOnceThenServes(ok(data).withChunkedDribbleDelay(2, 4000));

        assertFetchedOnce(cache.fetchToBase(ID));
        glance.verify(2, getRequestedFor(urlEqualTo(FILE)));
    }

    @Test
    void tampered_data_is_refused_without_retry_and_leaves_no_file() throws IOException {
        ImageRecord honest = TestImages.activeRecord(ID, "raw", data);
        byte[] tampered = data.clone();
        tampered[12345] ^= 1;
        serveRecord(honest);
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(ok(tampered)));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("sha512 hash").hasMessageContaining(honest.osHashValue());

        glance.verify(1, getRequestedFor(urlEqualTo(FILE)));
        assertNothingLeftInBase();
    }

    @Test
    void a_wrong_sha512_alone_is_refused_too() throws IOException {
        ImageRecord r = TestImages.activeRecord(ID, "raw", data);
        serveRecord(new ImageRecord(r.id(), r.name(), r.status(), r.diskFormat(), r.containerFormat(), r.size(),
                r.virtualSize(), r.checksum(), "sha512", "00" + r.osHashValue().substring(2), 0, 0, "public",
                false, null, r.createdAt(), r.updatedAt(), r.properties()));
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(ok(data)));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("sha512 hash");
        assertNothingLeftInBase();
    }

    @Test
    void a_404_is_image_not_found_at_once() throws IOException {
        glance.stubFor(get(urlEqualTo(META)).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageNotFound.class).hasMessageContaining(ID);

        glance.verify(1, getRequestedFor(urlEqualTo(META)));
        glance.verify(0, getRequestedFor(urlEqualTo(FILE)));
        assertNothingLeftInBase();
    }

    @Test
    void a_404_on_the_data_is_not_retried_either() throws IOException {
        serveRecord();
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageNotFound.class);
        glance.verify(1, getRequestedFor(urlEqualTo(FILE)));
        assertNothingLeftInBase();
    }

    @Test
    void a_500_on_the_record_is_retried() throws IOException {
        glance.stubFor(get(urlEqualTo(META)).inScenario("meta").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        glance.stubFor(get(urlEqualTo(META)).inScenario("meta").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(
                        ImageJson.toJson(TestImages.activeRecord(ID, "raw", data)))));
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(ok(data)));

        assertFetchedOnce(cache.fetchToBase(ID));
    }

    @Test
    void an_image_that_is_not_active_cannot_be_fetched() throws IOException {
        serveRecord(TestImages.activeRecord(ID, "raw", data).withStatus(ImageStatus.QUEUED, null));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("is queued, not active");
        assertNothingLeftInBase();
    }

    @Test
    void a_qcow2_served_as_raw_is_refused_by_the_safety_gate_and_deleted() throws IOException {
        data = CraftedImages.qcow2(1L << 30);
        serveRecord();
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(ok(data)));

        assertThatThrownBy(() -> cache.fetchToBase(ID)).isInstanceOf(UnsafeImage.class)
                .hasMessageContaining("claims disk_format raw but is a qcow2 image");
        assertNothingLeftInBase();
        assertThat(cache.metrics().refused()).isEqualTo(1);
    }

    @Test
    void a_second_fetch_is_a_cache_hit_without_any_request() throws IOException {
        serveRecord();
        glance.stubFor(get(urlEqualTo(FILE)).willReturn(ok(data)));
        cache.fetchToBase(ID);

        BaseImage again = cache.fetchToBase(ID);

        assertThat(again.fetched()).isFalse();
        assertThat(Files.readAllBytes(again.path())).isEqualTo(data);
        glance.verify(1, getRequestedFor(urlEqualTo(META)));
        glance.verify(1, getRequestedFor(urlEqualTo(FILE)));
        assertThat(cache.metrics().hits()).isEqualTo(1);
        assertThat(cache.metrics().misses()).isEqualTo(1);
    }
}
