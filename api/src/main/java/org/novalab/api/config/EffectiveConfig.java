package org.novalab.api.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value of every option and where it came from, resolved as oslo.config does with novalab's two layers on
 * top: defaults, then the config files in order (later files win; a directory's {@code *.conf} files sorted by
 * name), then NOVALAB_* variables, then the command line's flags. Strings may name other options as oslo allows
 * ({@code $state_path/master.key}, {@code ${image_cache.subdirectory_name}}; {@code $$} is a dollar sign).
 * Every value is checked here, so a bad one is reported once with its place, before anything starts.
 */
public final class EffectiveConfig {
    private static final Logger LOG = LoggerFactory.getLogger(EffectiveConfig.class);
    private static final Pattern REFERENCE = Pattern.compile("\\$(\\$|\\{([A-Za-z0-9_.]+)}|([A-Za-z0-9_]+))");

    /** An option's effective text (null: unset), its parsed value, and where it was set. */
    public record Value(Option option, String text, Object parsed, Source source) {
        public String shown() {
            return option.shown(text);
        }
    }

    /** What sets options, lowest first after the defaults. */
    public record Inputs(List<Path> files, List<Path> dirs, Map<String, String> env, Map<String, String> flags) {
        public Inputs {
            files = List.copyOf(files);
            dirs = List.copyOf(dirs);
            env = Map.copyOf(env);
            flags = Map.copyOf(flags);
        }
    }

    private final Map<Option, Value> values;

    private EffectiveConfig(Map<Option, Value> values) {
        this.values = values;
    }

    /** @throws ConfigError an unreadable file, an unknown section or option, a bad value: with its place */
    public static EffectiveConfig load(Inputs inputs) {
        Map<Option, Value> raw = new LinkedHashMap<>();
        for (Option o : NovalabOptions.ALL) {
            raw.put(o, new Value(o, o.defaultValue(), null, Source.DEFAULT));
        }
        for (Path file : configFiles(inputs)) {
            for (IniFile.Setting s : IniFile.read(file)) {
                Option option = known(s);
                if (!option.name().equals(s.key())) {
                    LOG.warn("{}: {} is a deprecated name; use {}", s.source(), s.key(), option.name());
                }
                raw.put(option, new Value(option, s.value(), null, s.source()));
            }
        }
        for (Option o : NovalabOptions.ALL) {
            o.env().filter(inputs.env()::containsKey)
                    .ifPresent(v -> raw.put(o, new Value(o, inputs.env().get(v), null, Source.env(v))));
        }
        inputs.flags().forEach((flag, text) -> {
            Option o = NovalabOptions.byFlag(flag).orElseThrow(() -> new IllegalArgumentException(
                    "no option has the flag " + flag));
            raw.put(o, new Value(o, text, null, Source.flag(flag)));
        });
        Map<Option, Value> resolved = new LinkedHashMap<>();
        for (Value v : raw.values()) {
            String text = v.text() == null ? null : interpolate(v, raw, 0);
            // in a file, an empty value of an option that may be unset unsets it (transport_url =, connection =)
            if (text != null && text.isEmpty() && v.option().defaultValue() == null
                    && v.source().kind() == Source.Kind.FILE) {
                text = null;
            }
            resolved.put(v.option(), new Value(v.option(), text, text == null ? null : parse(v, text), v.source()));
        }
        return new EffectiveConfig(resolved);
    }

    /** The files given, then each directory's {@code *.conf} files sorted by name (oslo's --config-dir). */
    static List<Path> configFiles(Inputs inputs) {
        List<Path> files = new ArrayList<>(inputs.files());
        for (Path dir : inputs.dirs()) {
            if (!Files.isDirectory(dir)) {
                throw new ConfigError("cannot read config dir " + dir + ": " + (Files.exists(dir) ? "not a directory"
                        : "no such directory"));
            }
            try (Stream<Path> list = Files.list(dir)) {
                files.addAll(list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList());
            } catch (IOException e) {
                throw new ConfigError("cannot read config dir " + dir + ": " + e.getMessage());
            }
        }
        return files;
    }

    private static Option known(IniFile.Setting s) {
        Optional<Option> option = NovalabOptions.named(s.key());
        if (option.isPresent()) {
            return option.get();
        }
        String section = s.key().section();
        List<String> inSection = NovalabOptions.ALL.stream().filter(o -> o.name().section().equals(section))
                .map(o -> o.name().name()).toList();
        if (inSection.isEmpty()) {
            String hint = section.equalsIgnoreCase(OptionName.DEFAULT) ? " (it is spelled [DEFAULT])" : "";
            throw new ConfigError(Source.file(s.file(), s.sectionLine()) + ": unknown section [" + section + "]" + hint + "; novalab reads "
                    + NovalabOptions.sections().stream().map(n -> "[" + n + "]").collect(Collectors.joining(", ")));
        }
        throw new ConfigError(s.source() + ": unknown option '" + s.key().name() + "' in [" + section + "]; it has "
                + String.join(", ", inSection));
    }

    private static Object parse(Value v, String text) {
        try {
            return v.option().type().parse(text);
        } catch (IllegalArgumentException e) {
            throw failure(v.option(), v.source(), e.getMessage());
        }
    }

    private static String interpolate(Value v, Map<Option, Value> all, int depth) {
        if (depth > 10) {
            throw failure(v.option(), v.source(), "its $references go round in a circle");
        }
        Matcher m = REFERENCE.matcher(v.text());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1).equals("$")) {
                replacement = "$";
            } else {
                String ref = m.group(2) != null ? m.group(2) : m.group(3);
                int dot = ref.lastIndexOf('.');
                OptionName name = dot < 0 ? new OptionName(OptionName.DEFAULT, ref)
                        : new OptionName(ref.substring(0, dot), ref.substring(dot + 1));
                Option target = NovalabOptions.named(name).orElseThrow(() -> failure(v.option(), v.source(),
                        "$" + ref + " names no option (write $$ for a dollar sign)"));
                Value referenced = all.get(target);
                if (target.secret() || referenced.text() == null) {
                    throw failure(v.option(), v.source(), "$" + ref + " cannot be used here ("
                            + (target.secret() ? "a secret" : "it is unset") + ")");
                }
                replacement = interpolate(referenced, all, depth + 1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The one line a bad value is reported with: its place, the option, what is wrong. */
    public static ConfigError failure(Option option, Source source, String problem) {
        String where = source.kind() == Source.Kind.DEFAULT ? "the default" : source.where();
        return new ConfigError(where + ": " + option.name() + ": " + problem);
    }

    public ConfigError failure(Option option, String problem) {
        return failure(option, source(option), problem);
    }

    public Value value(Option option) {
        return values.get(option);
    }

    public List<Value> values() {
        return List.copyOf(values.values());
    }

    public Source source(Option option) {
        return values.get(option).source();
    }

    /** The effective text; null when unset. */
    public String text(Option option) {
        return values.get(option).text();
    }

    public boolean isSet(Option option) {
        return values.get(option).text() != null;
    }

    public boolean bool(Option option) {
        return (Boolean) values.get(option).parsed();
    }

    public long number(Option option) {
        Object parsed = values.get(option).parsed();
        return parsed instanceof Long l ? l : Long.parseLong((String) parsed);
    }

    public double decimal(Option option) {
        Object parsed = values.get(option).parsed();
        return parsed instanceof Double d ? d : Double.parseDouble((String) parsed);
    }

    public <T> Optional<T> parsed(Option option, Class<T> type) {
        return Optional.ofNullable(values.get(option).parsed()).map(type::cast);
    }
}
