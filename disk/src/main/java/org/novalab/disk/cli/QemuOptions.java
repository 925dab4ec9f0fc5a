package org.novalab.disk.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.novalab.cli.UsageError;

/** qemu's {@code key=value,key=value} option strings ({@code ,,} is a literal comma), merged over several -o. */
final class QemuOptions {
    private QemuOptions() {
    }

    static LinkedHashMap<String, String> parse(List<String> strings) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String s : strings) {
            out.putAll(parse(s));
        }
        return out;
    }

    static LinkedHashMap<String, String> parse(String s) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ',') {
                if (i + 1 < s.length() && s.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                put(out, cur.toString());
                cur.setLength(0);
            } else {
                cur.append(s.charAt(i));
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String item) {
        if (item.isEmpty()) {
            return;
        }
        int eq = item.indexOf('=');
        if (eq < 0) {
            out.put(item, "on");
        } else if (eq == 0) {
            throw new UsageError("Invalid option '" + item + "'");
        } else {
            out.put(item.substring(0, eq), item.substring(eq + 1));
        }
    }

    static boolean flag(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "on", "yes", "true" -> true;
            case "off", "no", "false" -> false;
            default -> throw new UsageError("Parameter '" + key + "' expects 'on' or 'off'");
        };
    }
}
