package org.novalab.api.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an INI file the way oslo.config's parser does: {@code [section]} headers, {@code key = value} (or
 * {@code key: value}), whole-line comments starting with {@code #} or {@code ;} (a {@code #} later in a line is part
 * of the value), indented lines continuing the value above (joined with a newline), a blank line ending it, one
 * pair of matching quotes around a value removed. Section names other than {@code DEFAULT} are lower-cased, as
 * oslo does ({@code [Database]} is {@code [database]}; {@code [default]} is not {@code [DEFAULT]}).
 */
public final class IniFile {
    /** One {@code key = value} line of a file. */
    /** @param sectionLine the line of the {@code [section]} header the setting is under */
    public record Setting(OptionName key, String value, Path file, int line, int sectionLine) {
        public Source source() {
            return Source.file(file, line);
        }
    }

    private IniFile() {
    }

    /** @throws ConfigError the file cannot be read or a line is not INI */
    public static List<Setting> read(Path file) {
        List<String> lines;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigError("cannot read config file " + file + ": it is a directory (--config-dir "
                        + "reads a directory's *.conf files)");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError("cannot read config file " + file + ": " + reason(e));
        }
        return parse(file, lines);
    }

    static List<Setting> parse(Path file, List<String> lines) {
        List<Setting> settings = new ArrayList<>();
        String section = null;
        int sectionLine = 0;
        String key = null;
        int keyLine = 0;
        List<String> value = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = stripTrailing(lines.get(i), i);
            if (line.isEmpty()) {
                key = flush(settings, file, section, sectionLine, key, keyLine, value);
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (key == null) {
                    throw new ConfigError(file + ":" + number + ": an indented line continues a value, but no "
                            + "'key = value' line is above it");
                }
                value.add(line.strip());
                continue;
            }
            key = flush(settings, file, section, sectionLine, key, keyLine, value);
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new ConfigError(file + ":" + number + ": a section header is [name], not " + line);
                }
                String name = line.substring(1, line.length() - 1).strip();
                section = name.equals(OptionName.DEFAULT) ? name : name.toLowerCase(java.util.Locale.ROOT);
                sectionLine = number;
            } else if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            } else {
                int split = firstOf(line, '=', ':');
                if (split <= 0 || line.substring(0, split).isBlank()) {
                    throw new ConfigError(file + ":" + number + ": expected 'key = value', a [section], or a comment "
                            + "(# or ;), not: " + line);
                }
                if (section == null) {
                    throw new ConfigError(file + ":" + number + ": '" + line.substring(0, split).strip()
                            + "' comes before any [section]; options of no section go under [DEFAULT]");
                }
                key = line.substring(0, split).strip();
                keyLine = number;
                value.add(line.substring(split + 1).strip());
            }
        }
        flush(settings, file, section, sectionLine, key, keyLine, value);
        return settings;
    }

    private static String flush(List<Setting> settings, Path file, String section, int sectionLine, String key,
                                int line, List<String> value) {
        if (key != null) {
            settings.add(new Setting(new OptionName(section, key), unquote(String.join("\n", value)), file, line,
                    sectionLine));
        }
        value.clear();
        return null;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String stripTrailing(String line, int index) {
        // a UTF-8 byte order mark before the first line is not part of it
        String text = index == 0 && line.startsWith("\uFEFF") ? line.substring(1) : line;
        return text.stripTrailing();
    }

    private static int firstOf(String line, char a, char b) {
        int ia = line.indexOf(a);
        int ib = line.indexOf(b);
        if (ia < 0) {
            return ib;
        }
        return ib < 0 ? ia : Math.min(ia, ib);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
