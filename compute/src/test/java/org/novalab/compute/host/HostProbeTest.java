package org.novalab.compute.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostProbeTest {
    @Test
    void luksInQcow2NeedsQemuImg210OrNewer() {
        assertThat(HostProbe.supportsLuks("7.2.22")).isTrue();
        assertThat(HostProbe.supportsLuks("2.10.0")).isTrue();
        assertThat(HostProbe.supportsLuks("2.9.1")).isFalse();
        assertThat(HostProbe.supportsLuks("1.7")).isFalse();
        assertThat(HostProbe.supportsLuks("garbage")).isFalse();
    }
}
