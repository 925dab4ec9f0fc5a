package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv6 access addresses are kept as netaddr prints them (what Nova stores and Tempest compares with). */
class IpAddressTextTest {
    @ParameterizedTest
    @CsvSource({"0000:0000:0000:0000:0000:babe:220.12.22.2, ::babe:dc0c:1602", "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
            "1:0:0:3:0:0:0:7, 1:0:0:3::7", "::ffff:1.2.3.4, ::ffff:1.2.3.4", "::1.2.3.4, ::1.2.3.4",
            "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0", "ABCD::0, abcd::", "0:0:1::, 0:0:1::", "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
            "::, ::", "::1, ::1", "::ffff:0:0, ::ffff:0.0.0.0", "::fffe:1.2.3.4, ::fffe:102:304", "::0.0.0.1, ::1",
            "::1:0:0, ::1:0:0"})
    void ipv6AddressesAreCanonicalAsNetaddrPrintsThem(String given, String kept) {
        assertThat(IpAddressText.canonicalIpv6(given)).isEqualTo(kept);
    }
}
