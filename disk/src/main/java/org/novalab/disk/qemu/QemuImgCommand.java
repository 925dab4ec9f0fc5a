package org.novalab.disk.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One {@code qemu-img} invocation as a deterministic argv: the same request always renders the same flags in
 * the same order, so tests can inspect exactly what {@code ps} would show. Build it with {@link #builder}.
 */
public record QemuImgCommand(Path binary, String subcommand, List<String> arguments) {
    public QemuImgCommand {
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    public static Builder builder(Path binary, String subcommand) {
        return new Builder(binary, subcommand);
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>(arguments.size() + 2);
        argv.add(binary.toString());
        argv.add(subcommand);
        argv.addAll(arguments);
        return argv;
    }

    /** The command line as a shell would show it; safe to log because it carries key file paths, not keys. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String arg : argv()) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(arg.matches("[A-Za-z0-9_./=,:+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }

    public static final class Builder {
        private final Path binary;
        private final String subcommand;
        private final List<String> arguments = new ArrayList<>();

        private Builder(Path binary, String subcommand) {
            this.binary = binary;
            this.subcommand = subcommand;
        }

        public Builder flag(String flag) {
            arguments.add(flag);
            return this;
        }

        public Builder option(String flag, String value) {
            arguments.add(flag);
            arguments.add(value);
            return this;
        }

        public Builder secrets(List<SecretObject> secrets) {
            secrets.forEach(s -> arguments.addAll(s.flags()));
            return this;
        }

        public Builder argument(String value) {
            arguments.add(value);
            return this;
        }

        public QemuImgCommand build() {
            return new QemuImgCommand(binary, subcommand, arguments);
        }
    }
}
