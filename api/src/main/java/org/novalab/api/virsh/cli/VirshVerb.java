package org.novalab.api.virsh.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;
import org.novalab.cli.NamedArguments;
import org.novalab.cli.UsageError;

/**
 * A {@code novalab virsh} verb: checks its positional arguments, talks to the server, prints what virsh prints.
 * Failures print virsh's two lines ({@code error: Failed to ...} then {@code error: <reason>}) and exit 1.
 */
abstract class VirshVerb extends HelpOption implements Command, NamedArguments {
    @ParametersDelegate
    private final ConnectionOptions connection = new ConnectionOptions();

    @Parameter(description = "ARGS")
    private List<String> args = new ArrayList<>();

    private final List<String> argNames;

    VirshVerb(String... argNames) {
        this.argNames = List.of(argNames);
    }

    @Override
    public final String argumentNames() {
        return String.join(" ", argNames);
    }

    @Override
    public final int run(Console console) {
        if (args.size() != argNames.size()) {
            throw new UsageError(args.size() < argNames.size()
                    ? "command needs " + String.join(" ", argNames) + " (missing " + argNames.get(args.size()) + ")"
                    : "unexpected argument '" + args.get(argNames.size()) + "'");
        }
        VirshClient client = new VirshClient(connection.resolve(System.getenv()));
        try {
            run(client, args, console);
            return 0;
        } catch (VirshError e) {
            console.err().println("error: " + failure(args));
            console.err().println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Carries out the verb with its positional {@code args}, printing to {@code console}. */
    abstract void run(VirshClient client, List<String> args, Console console) throws VirshError;

    /** virsh's first error line, e.g. {@code Failed to start domain 'x'}. */
    abstract String failure(List<String> args);
}
