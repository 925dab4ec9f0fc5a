package org.novalab.disk.info;

import java.util.List;
import java.util.Map;

/**
 * qemu's {@code qobject_to_json_pretty}: 4-space indentation, {@code "key": value}, members of every object in
 * {@link QDictOrder}.
 */
public final class QemuJson {
    private QemuJson() {
    }

    /** A JSON array of objects, as {@code qemu-img info --backing-chain --output=json} prints it. */
    public static String pretty(List<? extends Map<String, ?>> array) {
        StringBuilder sb = new StringBuilder();
        value(sb, array, 0);
        return sb.toString();
    }

    public static String pretty(Map<String, ?> object) {
        StringBuilder sb = new StringBuilder();
        value(sb, object, 0);
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v, int level) {
        if (v instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ordered = QDictOrder.order((Map<String, Object>) map);
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ordered.entrySet()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                indent(sb, level + 1);
                string(sb, e.getKey());
                sb.append(": ");
                value(sb, e.getValue(), level + 1);
            }
            sb.append('\n');
            indent(sb, level);
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            boolean first = true;
            for (Object item : list) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                indent(sb, level + 1);
                value(sb, item, level + 1);
            }
            sb.append('\n');
            indent(sb, level);
            sb.append(']');
        } else if (v instanceof String s) {
            string(sb, s);
        } else {
            sb.append(v);
        }
    }

    private static void indent(StringBuilder sb, int level) {
        sb.append("    ".repeat(level));
    }

    /** JSON string as qemu escapes it (control and non-ASCII characters as \\uXXXX). */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
