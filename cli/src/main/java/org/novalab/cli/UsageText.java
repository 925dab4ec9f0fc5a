package org.novalab.cli;

import com.beust.jcommander.DefaultUsageFormatter;
import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.Parameters;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The help texts: a verb's names its full command path and its arguments ({@code Usage: novalab img create
 * [options] FILENAME [SIZE]}); a group's lists its verbs with their arguments and prints the options every verb
 * shares once, not once per verb.
 */
final class UsageText {
    private UsageText() {
    }

    /** {@code novalab PATH... --help} for one verb. */
    static String verb(String path, JCommander verbJc) {
        Object verb = verbJc.getObjects().get(0);
        StringBuilder sb = new StringBuilder();
        description(verb).ifPresent(d -> sb.append(d).append("\n"));
        new VerbFormatter(verbJc, path, arguments(verbJc)).usage(sb);
        return sb.toString();
    }

    /** {@code novalab GROUP --help}: the verbs, their arguments, and the options they all share. */
    static String group(CommandGroup group, JCommander groupJc) {
        StringBuilder sb = new StringBuilder(group.description()).append("\n");
        sb.append("Usage: novalab ").append(group.name()).append(" COMMAND [options] [ARGS]\n");
        return verbList(group, groupJc, sb);
    }

    /**
     * {@code novalab GROUP --help} where a verb of the group's name runs when no verb is named: that verb's
     * usage and options, then the group's verbs.
     */
    static String verbAndGroup(String path, JCommander groupJc, CommandGroup group) {
        StringBuilder sb = new StringBuilder(verb(path, groupJc));
        sb.append("\n").append(group.description()).append("\n");
        sb.append("Usage: novalab ").append(group.name()).append(" COMMAND [options] [ARGS]\n");
        return verbList(group, groupJc, sb);
    }

    private static String verbList(CommandGroup group, JCommander groupJc, StringBuilder sb) {
        Map<String, JCommander> verbs = groupJc.getCommands();
        sb.append("  Commands:\n");
        Map<String, String> synopses = new java.util.LinkedHashMap<>();
        verbs.forEach((name, verb) -> synopses.put(name, (name + " " + arguments(verb)).strip()));
        int width = synopses.values().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, JCommander> e : verbs.entrySet()) {
            String text = description(e.getValue().getObjects().get(0)).orElse("");
            sb.append(String.format("    %-" + width + "s  %s%n", synopses.get(e.getKey()), firstSentence(text)));
        }
        List<ParameterDescription> shared = shared(verbs.values());
        if (!shared.isEmpty()) {
            StringBuilder options = new StringBuilder();
            new DefaultUsageFormatter(verbs.values().iterator().next())
                    .appendAllParametersDetails(options, 6, "", shared);
            sb.append(options.toString().replaceFirst("Options:", "Options of every command:"));
        }
        sb.append("Run 'novalab ").append(group.name())
                .append(" COMMAND --help' (or 'novalab help ").append(group.name())
                .append(" COMMAND') for a command's own options.\n");
        return sb.toString();
    }

    /**
     * The options every verb of a group has with the same meaning (names and description alike: {@code -f} of
     * {@code img create} is not {@code -f} of {@code img info}), sorted as JCommander sorts them.
     */
    private static List<ParameterDescription> shared(java.util.Collection<JCommander> verbs) {
        Set<String> common = null;
        for (JCommander verb : verbs) {
            Set<String> names = new LinkedHashSet<>();
            verb.getParameters().forEach(p -> names.add(key(p)));
            if (common == null) {
                common = names;
            } else {
                common.retainAll(names);
            }
        }
        Set<String> keep = common == null ? Set.of() : common;
        if (verbs.size() < 2) {
            return List.of();
        }
        return verbs.iterator().next().getParameters().stream().filter(p -> keep.contains(key(p)))
                .filter(p -> !p.getParameter().hidden())
                .sorted(Comparator.comparing(ParameterDescription::getLongestName,
                        Comparator.comparing(n -> n.replaceFirst("^-+", ""))))
                .toList();
    }

    private static String key(ParameterDescription p) {
        return p.getNames() + "\n" + p.getDescription();
    }

    static String arguments(JCommander verbJc) {
        Object verb = verbJc.getObjects().get(0);
        if (verb instanceof NamedArguments named) {
            return named.argumentNames();
        }
        return verbJc.getMainParameter() == null ? "" : verbJc.getMainParameterDescription();
    }

    private static java.util.Optional<String> description(Object verb) {
        Parameters p = verb.getClass().getAnnotation(Parameters.class);
        return p == null || p.commandDescription().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(p.commandDescription());
    }

    /** The top-level list's line for a verb: its first sentence, without the parenthesis that details it. */
    static String summary(String text) {
        String first = firstSentence(text);
        int paren = first.indexOf(" (");
        return paren < 0 ? first : first.substring(0, paren);
    }

    /** A group's verb list shows what each verb does; the verb's own help has the whole text. */
    private static String firstSentence(String text) {
        int colon = text.indexOf(": ");
        int stop = text.indexOf(". ");
        int cut = colon < 0 ? stop : stop < 0 ? colon : Math.min(colon, stop);
        return cut < 0 ? text : text.substring(0, cut);
    }

    /** JCommander's option list, under our usage line. */
    private static final class VerbFormatter extends DefaultUsageFormatter {
        private final String path;
        private final String arguments;

        VerbFormatter(JCommander jc, String path, String arguments) {
            super(jc);
            this.path = path;
            this.arguments = arguments;
        }

        @Override
        public void appendMainLine(StringBuilder out, boolean hasOptions, boolean hasCommands, int indentCount,
                String indent) {
            out.append(indent).append("Usage: ").append(path).append(hasOptions ? " [options]" : "")
                    .append(arguments.isEmpty() ? "" : " " + arguments).append("\n");
        }

        /** A group's verbs are listed by {@link #verbList}, with their arguments, not here. */
        @Override
        public void appendCommands(StringBuilder out, int indentCount, int descriptionIndent, String indent) {
        }
    }
}
