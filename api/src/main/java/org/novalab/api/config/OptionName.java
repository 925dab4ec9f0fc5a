package org.novalab.api.config;

/** Where an option lives in a file: {@code [section] name}. */
public record OptionName(String section, String name) {
    public static final String DEFAULT = "DEFAULT";

    @Override
    public String toString() {
        return "[" + section + "] " + name;
    }
}
