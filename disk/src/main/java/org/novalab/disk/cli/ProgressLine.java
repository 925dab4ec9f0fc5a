package org.novalab.disk.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.novalab.disk.convert.ConvertProgress;

/**
 * qemu-img's {@code -p} line on standard output: {@code "    (NN.NN/100%)"} rewritten in place with a carriage
 * return, first at 0, then whenever it moved by more than one point, then at 100, and a newline at the end.
 * Percentages add up in single precision, as qemu's do, so the printed digits are the same.
 */
final class ProgressLine implements ConvertProgress {
    private static final float MIN_STEP = 1.0f;

    private final PrintStream out;
    private float current;
    private float lastPrinted;

    ProgressLine(PrintStream out) {
        this.out = out;
    }

    void start() {
        advanced(0);
    }

    @Override
    public void advanced(float delta) {
        current = Math.min(100f, current + delta);
        if (current > lastPrinted + MIN_STEP || current < lastPrinted - MIN_STEP || current == 0 || current == 100) {
            lastPrinted = current;
            out.print(String.format(Locale.ROOT, "    (%3.2f/100%%)\r", current));
            out.flush();
        }
    }

    /** A finished copy shows 100 once more; a failed one stops where it was. Either ends the line. */
    void end(boolean completed) {
        if (completed) {
            advanced(100);
        }
        out.print("\n");
        out.flush();
    }
}
