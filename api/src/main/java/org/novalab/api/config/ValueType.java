package org.novalab.api.config;

import java.util.List;
import java.util.Locale;

/**
 * What an option's value may be, as oslo.config types it: {@link #parse} turns the text of a file, a variable or a
 * flag into the value, or throws {@link IllegalArgumentException} whose message says what was expected.
 */
public sealed interface ValueType {
    Object parse(String text);

    /** oslo's words for the type in the sample: "string value", "boolean value", "integer value", ... */
    String describe();

    /** What {@code config show} may print of a value of this type (secret parts replaced). */
    default String masked(String text) {
        return text;
    }

    ValueType STRING = new Text();
    ValueType BOOLEAN = new Bool();

    static ValueType integer(long min, long max) {
        return new Int(min, max);
    }

    static ValueType floating(double min) {
        return new FloatValue(min);
    }

    static ValueType choice(String... choices) {
        return new Choice(List.of(choices));
    }

    record Text() implements ValueType {
        @Override
        public Object parse(String text) {
            return text;
        }

        @Override
        public String describe() {
            return "string value";
        }
    }

    /** oslo's BoolType: true/false, yes/no, 1/0, on/off, in any case. */
    record Bool() implements ValueType {
        @Override
        public Object parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1", "on" -> Boolean.TRUE;
                case "false", "no", "0", "off" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("expected a boolean (true/false, yes/no, 1/0), not '"
                        + text + "'");
            };
        }

        @Override
        public String describe() {
            return "boolean value";
        }
    }

    record Int(long min, long max) implements ValueType {
        @Override
        public Object parse(String text) {
            long value;
            try {
                value = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, not '" + text + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected an integer " + range() + ", not " + value);
            }
            return value;
        }

        private String range() {
            if (max == Long.MAX_VALUE) {
                return ">= " + min;
            }
            return "from " + min + " to " + max;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("integer value");
            if (min != Long.MIN_VALUE) {
                sb.append("; minimum ").append(min);
            }
            if (max != Long.MAX_VALUE) {
                sb.append("; maximum ").append(max);
            }
            return sb.toString();
        }
    }

    /** oslo's FloatOpt with a minimum (an allocation ratio). */
    record FloatValue(double min) implements ValueType {
        @Override
        public Object parse(String text) {
            double value;
            try {
                value = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, not '" + text + "'");
            }
            if (!Double.isFinite(value) || value < min) {
                throw new IllegalArgumentException("expected a number >= " + min + ", not " + text.strip());
            }
            return value;
        }

        @Override
        public String describe() {
            return "floating point value; minimum " + min;
        }
    }

    /** A string out of a fixed set, compared as written (oslo's choices are case-sensitive). */
    record Choice(List<String> choices) implements ValueType {
        @Override
        public Object parse(String text) {
            String value = text.strip();
            if (!choices.contains(value)) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", choices) + ", not '"
                        + text + "'");
            }
            return value;
        }

        @Override
        public String describe() {
            return "string value; one of " + String.join(", ", choices);
        }
    }

    /** {@code [database] connection}: a SQLAlchemy or JDBC URL ({@link DatabaseUrl}); its password is masked. */
    record DatabaseConnection() implements ValueType {
        @Override
        public Object parse(String text) {
            return DatabaseUrl.parse(text.strip());
        }

        @Override
        public String describe() {
            return "string value; a SQLAlchemy URL (postgresql://, postgresql+psycopg2://) or a JDBC URL";
        }

        @Override
        public String masked(String text) {
            return DatabaseUrl.masked(text.strip());
        }
    }

    /** oslo.messaging's {@code transport_url} ({@link TransportUrl}); its passwords are masked. */
    record Transport() implements ValueType {
        @Override
        public Object parse(String text) {
            return org.novalab.compute.rpc.bus.TransportUrl.parse(text.strip());
        }

        @Override
        public String describe() {
            return "string value; rabbit://user:pass@host:port/vhost or fake://";
        }

        @Override
        public String masked(String text) {
            try {
                return org.novalab.compute.rpc.bus.TransportUrl.parse(text.strip()).toString();
            } catch (IllegalArgumentException e) {
                return DatabaseUrl.MASK;
            }
        }
    }
}
