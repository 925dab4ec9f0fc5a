package org.novalab.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reason an error answer adds to its access log line stays one line a parser can split. */
class AccessLogTest {
    @Test
    void a_reason_is_flattened_to_one_line_with_its_quotes_escaped_and_its_length_bounded() {
        assertThat(AccessLog.quoted("Invalid flavorRef \"x\"\nprovided.")).isEqualTo("Invalid flavorRef \\\"x\\\" provided.");
        assertThat(AccessLog.quoted("back\\slash")).isEqualTo("back\\\\slash");
        assertThat(AccessLog.quoted("y".repeat(1000))).hasSize(303).endsWith("...");
    }
}
