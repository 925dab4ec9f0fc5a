package org.novalab.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** qemu-img's progress line: 0 first, a new value only after more than one point, 100 twice, then a newline. */
class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void smallStepsWaitUntilTheyAddUpToMoreThanOnePoint() {
        line.start();
        line.advanced(0.6f);
        line.advanced(0.6f);
        line.advanced(50f);
        line.end(true);
        assertThat(printed()).isEqualTo("    (0.00/100%)\r    (1.20/100%)\r    (51.20/100%)\r    (100.00/100%)\r\n");
    }

    @Test
    void aFailedCopyEndsTheLineWhereItWas() {
        line.start();
        line.advanced(40f);
        line.end(false);
        assertThat(printed()).isEqualTo("    (0.00/100%)\r    (40.00/100%)\r\n");
    }

    @Test
    void itNeverShowsMoreThanOneHundred() {
        line.start();
        line.advanced(70f);
        line.advanced(70f);
        line.end(true);
        assertThat(printed()).isEqualTo("    (0.00/100%)\r    (70.00/100%)\r    (100.00/100%)\r    (100.00/100%)\r\n");
    }
}
