package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The formats of Nova's schemas, case by case, as Python and jsonschema decide them. */
class NovaFormatsTest {
    @ParameterizedTest
    @ValueSource(strings = {"aGk=", "aGVsbG8=", "aGVsbG8h", "", "aGk=\n", "a G k =", "aGk=garbage", "YQ==", "Y Q = =",
            "YQ=x=", "!!!!aGVsbG8h", "="})
    void base64_that_python_decodes(String text) {
        assertThat(Base64Text.decodes(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aGk", "a", "aGVsbG8", "YQ=", "not base64!", "abcde"})
    void base64_that_python_refuses(String text) {
        assertThat(Base64Text.decodes(text)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"192.0.2.1|true", "0.0.0.0|true", "255.255.255.255|true", "256.1.1.1|false",
            "01.2.3.4|false", "1.2.3|false", "1.2.3.4.5|false", "1..3.4|false", "a.b.c.d|false", "'1.2.3.4 '|false"})
    void ipv4(String text, boolean valid) {
        assertThat(IpAddressText.isIpv4(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"::|true", "::1|true", "1::|true", "2001:db8::1|true", "fe80::1:2:3:4:5:6|true",
            "1:2:3:4:5:6:7:8|true", "::ffff:192.0.2.1|true", "1:2:3:4:5:6:192.0.2.1|true", "fe80::1::2|false",
            "1:2:3:4:5:6:7|false", "1:2:3:4:5:6:7:8:9|false", ":1::2|false", "1::2:|false", "12345::|false",
            "1:2:3:4:5:6:7::8|false", "fe80::1%eth0|false", "g::|false", "1.2.3.4|false", "::1.2.3|false"})
    void ipv6(String text, boolean valid) {
        assertThat(IpAddressText.isIpv6(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"vm|true", "a b|true", "ünïcode ☃|true", "' vm'|false", "'vm '|false",
            "vm\u00a0|false", "v\tm|false", "v\u0000m|false", "v\u2028m|false", "smile \uD83D\uDE00|false",
            "v\u200bm|false"})
    void names(String text, boolean valid) {
        assertThat(PrintableText.isName(text)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1|1", "http://h/v2.1/flavors/1|1", "http://h/v2.1/flavors/1?x=y#z|1",
            "../1|1", "1/..|..", "1?../2|1", "//host|''", "m1.tiny|m1.tiny", "a:b|b", "1:2|1:2", "/flavors/|''"})
    void flavor_ids_of_hrefs(String href, String id) {
        assertThat(HrefId.of(href)).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"b5351923-136c-484a-a538-49f81bdf9497|true",
            "B5351923-136C-484A-A538-49F81BDF9497|true", "b5351923136c484aa53849f81bdf9497|true",
            "{b5351923-136c-484a-a538-49f81bdf9497}|true", "urn:uuid:b5351923-136c-484a-a538-49f81bdf9497|true",
            "../b5351923-136c-484a-a538-49f81bdf9497|false", "b5351923-136c-484a-a538-49f81bdf949|false",
            "g5351923-136c-484a-a538-49f81bdf9497|false", "''|false"})
    void uuids(String text, boolean valid) {
        assertThat(NovaSchema.isUuidLike(text)).isEqualTo(valid);
    }
}
