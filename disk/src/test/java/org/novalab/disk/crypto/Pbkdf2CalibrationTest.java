package org.novalab.disk.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Pbkdf2CalibrationTest {
    @Test
    void measuresOncePerHashAndReusesTheRateForTheNextVolume() {
        long first = Pbkdf2Calibration.iterationsPerSecond(LuksHash.SHA1);
        // Any real machine does far more than QEMU's minimum of 1000 iterations per second.
        assertThat(first).isGreaterThan(1000);
        assertThat(Pbkdf2Calibration.iterationsPerSecond(LuksHash.SHA1)).isEqualTo(first);
    }
}
