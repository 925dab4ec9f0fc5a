package org.novalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Help texts: full command paths, named arguments, shared options once, {@code help} and {@code --version}. */
class CliHelpTest {
    record Run(int status, String out, String err) {
    }

    abstract static class Shared extends HelpOption implements Command {
        @Parameter(names = "--url", description = "Server URL")
        String url;

        @Override
        public int run(Console console) {
            console.out().println("ran " + getClass().getSimpleName());
            return 0;
        }
    }

    @Parameters(commandNames = "create", commandDescription = "Create an image: more words here")
    static final class Create extends Shared {
        @Parameter(names = "-f", description = "Format of the new image")
        String format;

        @Parameter(description = "FILENAME [SIZE]")
        List<String> args = new ArrayList<>();
    }

    @Parameters(commandNames = "start", commandDescription = "Start a domain")
    static final class Start extends Shared implements NamedArguments {
        @Parameter(description = "ARGS")
        List<String> args = new ArrayList<>();

        @Override
        public String argumentNames() {
            return "DOMAIN";
        }
    }

    @Parameters(commandNames = "serve", commandDescription = "Serve the API")
    static final class Serve extends HelpOption implements Command {
        @Override
        public int run(Console console) {
            return 0;
        }
    }

    /** A verb named like the group: {@code novalab img} alone runs it, {@code novalab img create} does not. */
    @Parameters(commandNames = "img", commandDescription = "Run the image service (a daemon) until stopped")
    static final class ImgService extends HelpOption implements Command {
        @Parameter(names = "--host", description = "The service's host name")
        String host;

        @Override
        public int run(Console console) {
            console.out().println("service on " + host);
            return 0;
        }
    }

    static final class Group implements CommandGroup {
        @Override
        public String name() {
            return "img";
        }

        @Override
        public String description() {
            return "Disk images";
        }

        @Override
        public List<Command> commands() {
            return List.of(new Create(), new Start());
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        int status = new Cli(List.of(new Group()), List.of(new Serve())).run(args, console);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aVerbsUsageLineNamesItsFullPathAndItsArguments() {
        Run help = run("img", "create", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("Create an image: more words here\n"
                + "Usage: novalab img create [options] FILENAME [SIZE]\n");
        assertThat(help.out()).contains("-f", "Format of the new image", "--url");
        assertThat(run("img", "start", "-h").out()).contains("Usage: novalab img start [options] DOMAIN\n")
                .doesNotContain("ARGS");
        assertThat(run("serve", "--help").out()).contains("Usage: novalab serve [options]\n");
    }

    @Test
    void aGroupsHelpListsItsVerbsWithArgumentsAndTheSharedOptionsOnce() {
        Run help = run("img", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: novalab img COMMAND [options] [ARGS]",
                "    create FILENAME [SIZE]  Create an image\n", "    start DOMAIN            Start a domain\n",
                "Options of every command:");
        assertThat(help.out().split("--url", -1)).hasSize(2);
        // -f is create's alone: not a shared option
        assertThat(help.out()).doesNotContain("Format of the new image");
    }

    @Test
    void helpCommandEqualsTheHelpOption() {
        assertThat(run("help", "img", "create")).isEqualTo(run("img", "create", "--help"));
        assertThat(run("help", "img")).isEqualTo(run("img", "--help"));
        assertThat(run("help")).isEqualTo(run("--help"));
        assertThat(run("help").status()).isZero();
        assertThat(run("help").out()).contains("  help ", "  img ", "  serve ");
        Run unknown = run("help", "nosuch");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("novalab: ").doesNotContain("Exception");
    }

    @Test
    void versionComesFromTheBuildAndHeadsTheHelp() {
        Run version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).matches("novalab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
        assertThat(run("--help").out()).startsWith(version.out().strip() + ": ");
    }

    private static Run runWithService(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        int status = new Cli(List.of(new Group()), List.of(new Serve(), new ImgService())).run(args, console);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aVerbNamedLikeAGroupRunsAloneAndTheGroupsVerbsStillWork() {
        assertThat(runWithService("img", "--host", "h1")).isEqualTo(new Run(0, "service on h1\n", ""));
        assertThat(runWithService("img", "start", "d1").out()).isEqualTo("ran Start\n");
        Run verbHelp = runWithService("img", "create", "--help");
        assertThat(verbHelp).isEqualTo(run("img", "create", "--help"));
        assertThat(runWithService("help", "img", "create")).isEqualTo(verbHelp);
    }

    @Test
    void theHelpOfAVerbNamedLikeAGroupShowsItsOptionsAndTheGroupsVerbs() {
        Run help = runWithService("img", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("Run the image service (a daemon) until stopped\n"
                + "Usage: novalab img [options]\n").contains("--host", "The service's host name",
                "Usage: novalab img COMMAND [options] [ARGS]", "    create FILENAME [SIZE]  Create an image\n");
        assertThat(help.out().split("Create an image", -1)).as("the verbs are listed once").hasSize(2);
        assertThat(runWithService("help", "img")).isEqualTo(help);
        assertThat(runWithService("--help").out()).contains("  img        Disk images\n",
                "             alone: Run the image service\n").containsOnlyOnce("  img ");
    }

    @Test
    void optionsOfTheVerbNamedLikeAGroupAreRefusedBeforeAnotherVerb() {
        Run mixed = runWithService("img", "--host", "h1", "start", "d1");
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(mixed.out()).isEmpty();
        assertThat(mixed.err()).contains("belong to 'novalab img' alone", "Try 'novalab img start --help'.");
        assertThat(runWithService("img", "nosuch").status()).isEqualTo(2);
    }

    @Test
    void aWrongOptionPointsAtTheVerbsOwnHelp() {
        Run wrong = run("img", "create", "-f");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("Try 'novalab img create --help'.");
    }
}
