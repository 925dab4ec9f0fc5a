package org.novalab.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import java.util.List;

/**
 * Parses {@code novalab GROUP VERB ...} or {@code novalab VERB ...} with JCommander and runs the chosen
 * {@link Command}. {@code --help} works on every level. Errors the user can act on print one line, never a stack
 * trace; exit status 2 for usage errors, 1 for failures, the command's own status otherwise.
 * {@code novalab help [COMMAND...]} is {@code novalab [COMMAND...] --help}.
 *
 * <p>A verb may share its name with a group ({@code novalab compute} runs a nova-compute service while
 * {@code novalab compute caps} is a verb of the {@code compute} group): the group's verbs win when one is named,
 * and the verb of that name runs when none is.
 */
public final class Cli {
    private final List<CommandGroup> groups;
    private final List<Command> verbs;
    private final java.util.Map<String, String> descriptions = new java.util.HashMap<>();

    public Cli(List<CommandGroup> groups, List<Command> verbs) {
        this.groups = List.copyOf(groups);
        this.verbs = List.copyOf(verbs);
    }

    @Parameters(commandDescription = "novalab: an emulator of OpenStack Nova's libvirt driver, built around encrypted disks")
    private static final class Root {
        @Parameter(names = {"-h", "--help"}, help = true, description = "Show this help")
        boolean help;

        @Parameter(names = "--version", help = true, description = "Print novalab's version")
        boolean version;
    }

    @Parameters
    private static final class GroupOptions {
        @Parameter(names = {"-h", "--help"}, help = true, description = "Show this help")
        boolean help;
    }

    public int run(String[] args, Console console) {
        if (args.length > 0 && args[0].equals("help")) {
            String[] asked = java.util.Arrays.copyOf(java.util.Arrays.copyOfRange(args, 1, args.length), args.length);
            asked[args.length - 1] = "--help";
            args = asked;
        }
        Root root = new Root();
        JCommander jc = JCommander.newBuilder().programName("novalab").addObject(root).build();
        for (CommandGroup group : groups) {
            // addCommand(name, JCommander) would treat the JCommander as a plain options object and lose its
            // verbs: register the group's options (or the verb of the group's name), then add the verbs to the
            // JCommander created for it.
            jc.addCommand(group.name(), bareCommand(group).map(Object.class::cast).orElseGet(GroupOptions::new));
            JCommander sub = jc.getCommands().get(group.name());
            for (Command verb : group.commands()) {
                sub.addCommand(verb);
            }
            descriptions.put(group.name(), group.description());
        }
        for (Command verb : verbs) {
            if (group(name(verb)).isEmpty()) {
                jc.addCommand(verb);
            }
        }
        try {
            jc.parse(args);
        } catch (ParameterException e) {
            console.err().println("novalab: " + e.getMessage());
            console.err().println("Try 'novalab " + helpPath(jc) + "--help'.");
            return 2;
        }
        String chosen = jc.getParsedCommand();
        if (root.version) {
            console.out().println("novalab " + Version.current());
            return 0;
        }
        if (root.help || chosen == null) {
            printUsage(jc, console);
            return root.help ? 0 : 2;
        }
        JCommander chosenJc = jc.getCommands().get(chosen);
        Object chosenObject = chosenJc.getObjects().get(0);
        java.util.Optional<CommandGroup> group = group(chosen);
        if (group.isPresent()) {
            return runInGroup(group.get(), chosenJc, console);
        }
        return runVerb("novalab " + chosen, chosenJc, console);
    }

    private int runInGroup(CommandGroup group, JCommander groupJc, Console console) {
        String verb = groupJc.getParsedCommand();
        Object groupObject = groupJc.getObjects().get(0);
        if (groupObject instanceof GroupOptions groupOptions) {
            if (groupOptions.help || verb == null) {
                (groupOptions.help ? console.out() : console.err()).print(UsageText.group(group, groupJc));
                return groupOptions.help ? 0 : 2;
            }
        } else if (verb == null) {
            if (wantsHelp(groupObject)) {
                console.out().print(UsageText.verbAndGroup("novalab " + group.name(), groupJc, group));
                return 0;
            }
            return runVerb("novalab " + group.name(), groupJc, console);
        } else if (groupJc.getParameters().stream().anyMatch(com.beust.jcommander.ParameterDescription::isAssigned)) {
            // "novalab compute --host a caps": the options belong to the bare command, not to caps
            console.err().println("novalab: options before '" + verb + "' belong to 'novalab " + group.name()
                    + "' alone; put them after '" + verb + "'");
            console.err().println("Try 'novalab " + group.name() + " " + verb + " --help'.");
            return 2;
        }
        return runVerb("novalab " + group.name() + " " + verb, groupJc.getCommands().get(verb), console);
    }

    private java.util.Optional<CommandGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The top-level verb that shares the group's name and runs when no verb of the group is named. */
    private java.util.Optional<Command> bareCommand(CommandGroup group) {
        return verbs.stream().filter(v -> name(v).equals(group.name())).findFirst();
    }

    private static String name(Command verb) {
        return verb.getClass().getAnnotation(Parameters.class).commandNames()[0];
    }

    private static int runVerb(String path, JCommander verbJc, Console console) {
        Object object = verbJc.getObjects().get(0);
        if (wantsHelp(object)) {
            console.out().print(UsageText.verb(path, verbJc));
            return 0;
        }
        try {
            return ((Command) object).run(console);
        } catch (UsageError e) {
            console.err().println("novalab: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            console.err().println("novalab: " + describe(e));
            return 1;
        } catch (Exception e) {
            console.err().println("novalab: " + describe(e));
            return 1;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static boolean wantsHelp(Object command) {
        if (command instanceof HelpOption h) {
            return h.helpRequested();
        }
        return false;
    }

    /** The command path the user got to before the error, so the hint points at the right help. */
    private static String helpPath(JCommander jc) {
        String chosen = jc.getParsedCommand();
        if (chosen == null) {
            return "";
        }
        String verb = jc.getCommands().get(chosen).getParsedCommand();
        return chosen + " " + (verb == null ? "" : verb + " ");
    }

    private void printUsage(JCommander jc, Console console) {
        StringBuilder sb = new StringBuilder();
        sb.append("novalab ").append(Version.current())
                .append(": an emulator of OpenStack Nova's libvirt compute driver, built around encrypted disks.\n\n");
        sb.append("Usage: novalab COMMAND [ARGS]   (novalab COMMAND --help or novalab help COMMAND for more)\n");
        sb.append("       novalab --version\n\nCommands:\n");
        for (CommandGroup g : groups) {
            sb.append(String.format("  %-10s %s%n", g.name(), g.description()));
            bareCommand(g).ifPresent(bare -> sb.append(String.format("  %-10s alone: %s%n", "",
                    UsageText.summary(bare.getClass().getAnnotation(Parameters.class).commandDescription()))));
        }
        for (Command v : verbs) {
            Parameters p = v.getClass().getAnnotation(Parameters.class);
            if (group(p.commandNames()[0]).isEmpty()) {
                sb.append(String.format("  %-10s %s%n", p.commandNames()[0], p.commandDescription()));
            }
        }
        sb.append(String.format("  %-10s %s%n", "help", "Show a command's help: novalab help [COMMAND...] is novalab "
                + "COMMAND... --help"));
        console.out().print(sb);
    }
}
