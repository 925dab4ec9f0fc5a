package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.config.NovalabOptions;
import org.novalab.api.config.Option;
import org.novalab.api.config.SampleConfig;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.cli.Cli;
import org.novalab.cli.Console;

/** {@code novalab config show|sample} and {@code serve --config-file}, run as a user runs them. */
class ConfigCommandTest {
    /** The checked-in sample the distribution ships as etc/novalab.conf.sample. */
    static final Path SAMPLE = Path.of("..", "dist", "src", "etc", "novalab.conf.sample");
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(List.of(new ConfigGroup(env)), List.of(new ServeCommand(new LibvirtComputeServices(), env)));
        int status = cli.run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0])));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String line(String show, String option) {
        return show.lines().filter(l -> l.startsWith(option + " = ")).findFirst()
                .orElseThrow(() -> new AssertionError(option + " not in\n" + show));
    }

    @Test
    void config_show_prints_every_value_with_its_source_and_masks_secrets() throws Exception {
        Path conf = Files.writeString(tmp.resolve("novalab.conf"), """
                [DEFAULT]
                osapi_compute_listen_port = 0
                host = compute-1

                [database]
                connection = postgresql://nova:db-s3cret@db.example/nova
                """);
        Run show = run(Map.of("NOVALAB_ADMIN_PASSWORD", "admin-s3cret", "NOVALAB_HOST", "from-env"),
                "config", "show", "--config-file", conf.toString(), "--state", tmp.resolve("state").toString());

        assertThat(show.status()).as(show.err()).isZero();
        assertThat(line(show.out(), "osapi_compute_listen_port")).matches("osapi_compute_listen_port = 0 +# "
                + java.util.regex.Pattern.quote(conf + ":2"));
        assertThat(line(show.out(), "host")).matches("host = from-env +# env NOVALAB_HOST");
        assertThat(line(show.out(), "state_path")).matches("state_path = .*/state +# flag --state");
        assertThat(line(show.out(), "force_raw_images")).matches("force_raw_images = true +# default");
        assertThat(line(show.out(), "connection")).matches("connection = postgresql://nova:\\*\\*\\*\\*@db.example/nova"
                + " +# .*novalab.conf:6");
        assertThat(line(show.out(), "admin_password")).matches("admin_password = \\*\\*\\*\\* +# env "
                + "NOVALAB_ADMIN_PASSWORD");
        assertThat(show.out()).doesNotContain("db-s3cret").doesNotContain("admin-s3cret");
        for (Option o : NovalabOptions.ALL) {
            assertThat(show.out()).as("every option is shown").contains("\n" + o.name().name() + " = ");
        }
        assertThat(show.out()).contains("[DEFAULT]\n", "\n[image_cache]\n", "\n[libvirt]\n", "\n[database]\n");
        assertThat(tmp.resolve("state")).as("show creates nothing").doesNotExist();
    }

    @Test
    void an_unset_host_shows_the_machines_name_as_a_default() {
        Run show = run(Map.of(), "config", "show");
        assertThat(line(show.out(), "host")).matches("host = \\S+ +# default \\(this machine's host name\\)");
        assertThat(line(show.out(), "connection")).matches("connection = <unset> +# default \\(embedded H2 in "
                + "state_path\\)");
    }

    @Test
    void serve_with_a_bad_file_prints_one_line_exits_2_and_creates_nothing() throws Exception {
        Path state = tmp.resolve("state");
        Path conf = Files.writeString(tmp.resolve("bad.conf"), "[DEFAULT]\nstate_path = " + state
                + "\nosapi_compute_listen_port = 0\n\n[image_cache]\nremove_unused_base_images = sometimes\n");

        Run serve = run(Map.of(), "serve", "--config-file", conf.toString());

        assertThat(serve.status()).isEqualTo(2);
        assertThat(serve.err()).isEqualTo("novalab: " + conf + ":6: [image_cache] remove_unused_base_images: expected"
                + " a boolean (true/false, yes/no, 1/0), not 'sometimes'" + System.lineSeparator());
        assertThat(state).doesNotExist();

        Run missing = run(Map.of(), "serve", "--config-file", tmp.resolve("nope.conf").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("novalab: cannot read config file " + tmp.resolve("nope.conf")
                + ": no such file" + System.lineSeparator());
        Run show = run(Map.of(), "config", "show", "--config-file", conf.toString());
        assertThat(show.status()).as("show refuses what serve refuses").isEqualTo(2);
        assertThat(show.err()).isEqualTo(serve.err());
    }

    @Test
    void the_checked_in_sample_is_the_generated_one() throws Exception {
        Run sample = run(Map.of(), "config", "sample");
        assertThat(sample.status()).isZero();
        assertThat(sample.out()).isEqualTo(SampleConfig.text());
        assertThat(Files.readString(SAMPLE)).as("dist/src/etc/novalab.conf.sample is stale: regenerate it with "
                + "`novalab config sample > dist/src/etc/novalab.conf.sample`").isEqualTo(SampleConfig.text());
    }

    @Test
    void the_sample_read_back_uncommented_is_the_defaults() throws Exception {
        String uncommented = SampleConfig.text().lines().map(l -> l.matches("#[a-z_]+ =.*") ? l.substring(1) : l)
                // options without a fixed default stay unset
                .filter(l -> !l.matches("[a-z_]+ =( <.*)?")).reduce("", (a, b) -> a + b + "\n");
        Path conf = Files.writeString(tmp.resolve("sample.conf"), uncommented);
        Run fromSample = run(Map.of(), "config", "show", "--config-file", conf.toString());
        Run defaults = run(Map.of(), "config", "show");
        assertThat(fromSample.status()).as(fromSample.err()).isZero();
        assertThat(strip(fromSample.out())).isEqualTo(strip(defaults.out()));
    }

    private static String strip(String show) {
        return show.replaceAll(" +#.*", "");
    }

    @Test
    void every_serve_flag_names_its_option_and_the_default_the_options_say() {
        for (Field field : ServeFlags.class.getDeclaredFields()) {
            Parameter p = field.getAnnotation(Parameter.class);
            if (p == null || p.names()[0].startsWith("--config-")) {
                continue;
            }
            Option option = NovalabOptions.byFlag(p.names()[0]).orElseThrow(() -> new AssertionError(
                    p.names()[0] + " sets no option"));
            assertThat(p.description()).as(p.names()[0]).startsWith(option.name() + ": ");
            if (option.defaultValue() != null) {
                assertThat(p.description()).as(p.names()[0]).contains("default " + option.defaultValue());
            }
            option.env().ifPresent(env -> assertThat(p.description()).as(p.names()[0]).contains(env));
        }
    }
}
