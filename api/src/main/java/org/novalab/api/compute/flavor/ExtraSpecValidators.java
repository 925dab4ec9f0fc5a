package org.novalab.api.compute.flavor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.novalab.api.http.ApiException;

/**
 * Nova's extra spec validation from 2.86: a spec Nova knows (by name, or by the pattern of a name with parameters
 * such as {@code hw:numa_cpus.{num}}) must have a value of its kind (a string of its pattern or one of its values,
 * an integer within its bounds, a boolean-like word); a spec in a namespace Nova knows ({@code hw:},
 * {@code trait:}, ...) but under no known name is refused; anything else is the operator's own and passes. The
 * names and values are Nova's (see {@code nova/extra-specs.json}).
 */
public final class ExtraSpecValidators {
    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "f", "false", "off", "n", "no");
    private static final ExtraSpecValidators NOVA = load();

    private final Map<String, Validator> byName;
    private final List<Pattern> namespaces;

    private ExtraSpecValidators(Map<String, Validator> byName, List<Pattern> namespaces) {
        this.byName = byName;
        this.namespaces = namespaces;
    }

    public static ExtraSpecValidators nova() {
        return NOVA;
    }

    private record Validator(String name, Pattern namePattern, String type, List<String> enumeration, String pattern,
            Long min, Long max) {
        void validate(String value) {
            switch (type) {
                case "int" -> {
                    long number;
                    try {
                        number = Long.parseLong(value.strip());
                    } catch (NumberFormatException e) {
                        throw failed("'" + value + "' is not a valid integer value.");
                    }
                    if (max != null && max < number) {
                        throw failed("'" + value + "' is greater than the max value of '" + max + "'.");
                    }
                    if (min != null && min > number) {
                        throw failed("'" + value + "' is less than the min value of '" + min + "'.");
                    }
                }
                case "bool" -> {
                    String word = value.strip().toLowerCase(Locale.ROOT);
                    if (!TRUE.contains(word) && !FALSE.contains(word)) {
                        throw failed("'" + value + "' is not a valid boolean-like value.");
                    }
                }
                default -> {
                    if (pattern != null) {
                        if (!Pattern.compile(pattern).matcher(value).matches()) {
                            throw failed("'" + value + "' is not of the format '" + pattern + "'.");
                        }
                    } else if (enumeration != null && !enumeration.contains(value)) {
                        throw failed("'" + value + "' is not one of: " + String.join(", ", enumeration) + ".");
                    }
                }
            }
        }
    }

    /** @throws ApiException 400 "Validation failed; ..." in Nova's words */
    public void validate(String name, String value) {
        Validator exact = byName.get(name);
        if (exact != null) {
            exact.validate(value);
            return;
        }
        for (Validator v : byName.values()) {
            if (v.namePattern().matcher(name).matches()) {
                v.validate(value);
                return;
            }
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return;
        }
        String namespace = name.substring(0, colon);
        if (namespaces.stream().anyMatch(p -> p.matcher(namespace).matches())) {
            throw failed("extra spec '" + name + "' does not appear to be a valid extra spec.");
        }
    }

    private static ApiException failed(String why) {
        return ApiException.badRequest("Validation failed; " + why);
    }

    private static ExtraSpecValidators load() {
        JsonArray validators;
        try (InputStream in = ExtraSpecValidators.class.getResourceAsStream("/nova/extra-specs.json")) {
            validators = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("validators");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Validator> byName = new LinkedHashMap<>();
        Set<String> namespaces = new LinkedHashSet<>();
        for (Object o : validators) {
            JsonObject v = (JsonObject) o;
            String name = v.getString("name");
            JsonArray parameters = v.getJsonArray("parameters");
            String regex = withParameters(name, parameters);
            JsonObject value = v.getJsonObject("value");
            List<String> enumeration = value.containsKey("enum") ? value.getJsonArray("enum").stream()
                    .map(String::valueOf).toList() : null;
            byName.put(name, new Validator(name, Pattern.compile(regex), value.getString("type"), enumeration,
                    value.containsKey("pattern") ? python(value.getString("pattern")) : null, value.getLong("min"),
                    value.getLong("max")));
            if (name.contains(":")) {
                namespaces.add(withParameters(name.substring(0, name.indexOf(':')), parameters));
            }
        }
        return new ExtraSpecValidators(byName, new ArrayList<>(namespaces.stream().map(Pattern::compile)
                .collect(Collectors.toList())));
    }

    /** The name (a regular expression to Nova, dots and all) with each {@code {parameter}} replaced by its pattern. */
    private static String withParameters(String name, JsonArray parameters) {
        String regex = name;
        for (Object p : parameters) {
            JsonObject param = (JsonObject) p;
            regex = regex.replace("{" + param.getString("name") + "}", "(?:" + python(param.getString("pattern")) + ")");
        }
        return regex;
    }

    /** Python's named groups {@code (?P<n>...)} in Java's spelling. */
    private static String python(String regex) {
        return regex.replace("(?P<", "(?<");
    }
}
