package org.novalab.api.config;

import java.nio.file.Path;

/** Where an effective value came from, as {@code config show} names it. */
public record Source(Kind kind, String where) {
    public enum Kind { DEFAULT, FILE, ENV, FLAG }

    public static final Source DEFAULT = new Source(Kind.DEFAULT, "default");

    public static Source file(Path file, int line) {
        return new Source(Kind.FILE, file + ":" + line);
    }

    public static Source env(String variable) {
        return new Source(Kind.ENV, "env " + variable);
    }

    public static Source flag(String flag) {
        return new Source(Kind.FLAG, "flag " + flag);
    }

    @Override
    public String toString() {
        return where;
    }
}
