package org.novalab.cli;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@code novalab} command. Each module registers its verbs and verb groups as services
 * ({@code META-INF/services/org.novalab.cli.Command} and {@code ...CommandGroup}), so adding a verb never means
 * editing this class.
 */
public final class Main {
    private Main() {
    }

    public static Cli cli() {
        List<CommandGroup> groups = ServiceLoader.load(CommandGroup.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(CommandGroup::name)).toList();
        List<Command> verbs = ServiceLoader.load(Command.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Main::verbName)).toList();
        return new Cli(groups, verbs);
    }

    private static String verbName(Command command) {
        return command.getClass().getAnnotation(com.beust.jcommander.Parameters.class).commandNames()[0];
    }

    public static void main(String[] args) {
        int status = cli().run(args, Console.system());
        System.out.flush();
        System.exit(status);
    }
}
