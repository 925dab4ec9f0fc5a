package org.novalab.api.testing;

import java.util.Optional;

/** A Prometheus text scrape of /metrics, read the way a query would: one series' value by its name and labels. */
public record Scrape(String text) {
    /**
     * The value of the series written exactly as {@code series} (name and labels as Micrometer orders them, e.g.
     * {@code novalab_boots_total} or {@code novalab_instances{vm_state="active"}}), if the scrape has it.
     */
    public Optional<Double> value(String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Optional.of(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]));
            }
        }
        return Optional.empty();
    }

    /** The value of a series that must be there. */
    public double of(String series) {
        return value(series).orElseThrow(() -> new AssertionError("no series " + series + " in the scrape:\n" + text));
    }
}
