package org.novalab.dist.help;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;
import org.novalab.cli.Console;
import org.novalab.cli.Main;

/** Every command novalab ships, as {@code novalab} finds them: its help, its usage line, help COMMAND. */
class HelpTextsTest {
    record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.cli().run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<CommandGroup> groups() {
        return java.util.ServiceLoader.load(CommandGroup.class).stream().map(java.util.ServiceLoader.Provider::get)
                .toList();
    }

    private static String name(Command verb) {
        return verb.getClass().getAnnotation(com.beust.jcommander.Parameters.class).commandNames()[0];
    }

    @Test
    void everyVerbsUsageLineNamesItsWholePathAndHelpCommandPrintsTheSame() {
        for (CommandGroup group : groups()) {
            for (Command verb : group.commands()) {
                Run help = run(group.name(), name(verb), "--help");
                assertThat(help.status()).isZero();
                assertThat(help.out()).as("%s %s", group.name(), name(verb))
                        .contains("Usage: novalab " + group.name() + " " + name(verb) + " ")
                        .doesNotContain("[options] ARGS");
                assertThat(run("help", group.name(), name(verb))).isEqualTo(help);
            }
            assertThat(run("help", group.name())).isEqualTo(run(group.name(), "--help"));
        }
        assertThat(run("help", "serve")).isEqualTo(run("serve", "--help"));
        assertThat(run("help").out()).isEqualTo(run("--help").out());
    }

    @Test
    void computeAloneIsTheComputeServiceAndItsHelpListsTheDriversVerbsToo() {
        Run help = run("compute", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: novalab compute [options]\n", "--config-file", "--host",
                "Usage: novalab compute COMMAND [options] [ARGS]", "    spawn ", "    caps ");
        assertThat(run("help", "compute")).isEqualTo(help);
        assertThat(run("--help").out()).contains("alone: Run one nova-compute service\n");
    }

    @Test
    void imgVerbsNameTheirArgumentsAsQemuImgDoes() {
        assertThat(run("img", "create", "--help").out()).contains("Usage: novalab img create [options] FILENAME [SIZE]\n");
        assertThat(run("img", "convert", "--help").out())
                .contains("Usage: novalab img convert [options] FILENAME OUTPUT_FILENAME\n");
        assertThat(run("virsh", "secret-set-value", "--help").out())
                .contains("Usage: novalab virsh secret-set-value [options] UUID BASE64\n");
        assertThat(run("virsh", "start", "--help").out()).contains("Usage: novalab virsh start [options] DOMAIN\n");
    }

    @Test
    void virshsHelpShowsTheConnectionOptionsOnce() {
        String help = run("virsh", "--help").out();
        for (String option : List.of("--os-auth-url", "--os-password", "--url", "--token")) {
            Matcher m = Pattern.compile(Pattern.quote("    " + option + "\n")).matcher(help);
            int count = 0;
            while (m.find()) {
                count++;
            }
            assertThat(count).as(option).isEqualTo(1);
        }
        assertThat(help).contains("    start DOMAIN ", "    secret-set-value UUID BASE64 ", "Options of every command:");
    }
}
