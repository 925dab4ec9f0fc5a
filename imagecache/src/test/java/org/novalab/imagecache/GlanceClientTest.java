package org.novalab.imagecache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.novalab.image.ImageJson;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageStatus;
import org.novalab.imagecache.testing.TestImages;

class GlanceClientTest {
    static final String ID = "b5351923-136c-484a-a538-49f81bdf9497";

    @RegisterExtension
    static WireMockExtension glance = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void describe_reads_glance_v2_json_under_an_image_endpoint_prefix() {
        ImageRecord record = TestImages.activeRecord(ID, "raw", new byte[] {1, 2, 3});
        glance.stubFor(get(urlEqualTo("/image/v2/images/" + ID)).willReturn(aResponse().withStatus(200)
                .withBody(ImageJson.toJson(record))));

        ImageRecord got = new GlanceClient(URI.create(glance.baseUrl() + "/image/v2/"), () -> null).describe(ID);

        assertThat(got.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(got.checksum()).isEqualTo(record.checksum());
        assertThat(got.size()).isEqualTo(3);
        glance.verify(getRequestedFor(urlEqualTo("/image/v2/images/" + ID)).withHeader("X-Auth-Token", absent()));
    }

    @Test
    void a_refused_token_is_a_clear_failure_not_a_retry() {
        glance.stubFor(get(urlEqualTo("/v2/images/" + ID)).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> new GlanceClient(URI.create(glance.baseUrl()), () -> "expired").describe(ID))
                .isInstanceOf(ImageFetchFailed.class).isNotInstanceOf(ImageSourceUnavailable.class)
                .hasMessageContaining("401").hasMessageContaining("token refused");
    }

    @Test
    void a_garbled_document_is_a_clear_failure() {
        glance.stubFor(get(urlEqualTo("/v2/images/" + ID)).willReturn(aResponse().withStatus(200).withBody("<html>")));

        assertThatThrownBy(() -> new GlanceClient(URI.create(glance.baseUrl()), () -> "t").describe(ID))
                .isInstanceOf(ImageFetchFailed.class).hasMessageContaining("unreadable");
    }

    @Test
    void a_server_nobody_listens_on_is_unavailable_and_so_retried_by_the_cache() {
        assertThatThrownBy(() -> new GlanceClient(URI.create("http://127.0.0.1:1"), () -> "t").describe(ID))
                .isInstanceOf(ImageSourceUnavailable.class);
    }
}
