package org.novalab.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The INI dialect oslo.config reads, line by line. */
class IniFileTest {
    static final Path FILE = Path.of("/etc/novalab/novalab.conf");

    private static List<IniFile.Setting> parse(String text) {
        return IniFile.parse(FILE, text.lines().toList());
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("[DEFAULT]\nhost = compute-1\n", "DEFAULT", "host", "compute-1"),
                Arguments.of("[DEFAULT]\nhost=compute-1\n", "DEFAULT", "host", "compute-1"),
                Arguments.of("[DEFAULT]\nhost: compute-1\n", "DEFAULT", "host", "compute-1"),
                Arguments.of("[DEFAULT]\n# host = commented\n; host = also\nhost = real\n", "DEFAULT", "host", "real"),
                Arguments.of("[DEFAULT]\nhost = a # not a comment\n", "DEFAULT", "host", "a # not a comment"),
                Arguments.of("[DEFAULT]\nhost = \"quoted\"\n", "DEFAULT", "host", "quoted"),
                Arguments.of("[DEFAULT]\nhost = 'single'\n", "DEFAULT", "host", "single"),
                Arguments.of("[DEFAULT]\nhost = first\n  second\n\tthird\n", "DEFAULT", "host", "first\nsecond\nthird"),
                Arguments.of("[Database]\nconnection = jdbc:h2:mem:x\n", "database", "connection", "jdbc:h2:mem:x"),
                Arguments.of("[ image_cache ]\nmanager_interval = 5\n", "image_cache", "manager_interval", "5"),
                Arguments.of("[default]\nhost = x\n", "default", "host", "x"),
                Arguments.of("\uFEFF[DEFAULT]\nhost = bom\n", "DEFAULT", "host", "bom"),
                Arguments.of("[DEFAULT]\ntransport_url =\n", "DEFAULT", "transport_url", ""),
                Arguments.of("[database]\nconnection = postgresql://u:p@h/db?a=1\n", "database", "connection",
                        "postgresql://u:p@h/db?a=1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void reads_a_value_as_oslo_does(String text, String section, String key, String value) {
        List<IniFile.Setting> settings = parse(text);
        assertThat(settings).hasSize(1);
        assertThat(settings.get(0).key()).isEqualTo(new OptionName(section, key));
        assertThat(settings.get(0).value()).isEqualTo(value);
    }

    @Test
    void each_setting_knows_its_line_and_a_blank_line_ends_a_continued_value() {
        List<IniFile.Setting> settings = parse("# novalab\n[DEFAULT]\nhost = a\n  b\n\nstate_path = /srv\n");
        assertThat(settings).extracting(IniFile.Setting::line).containsExactly(3, 6);
        assertThat(settings.get(0).value()).isEqualTo("a\nb");
        assertThat(settings.get(1).source().where()).isEqualTo(FILE + ":6");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("host = x\n", ":1: 'host' comes before any [section]"),
                Arguments.of("[DEFAULT\nhost = x\n", ":1: a section header is [name]"),
                Arguments.of("[DEFAULT]\n  indented\n", ":2: an indented line continues a value"),
                Arguments.of("[DEFAULT]\nhost = a\njust words\n", ":3: expected 'key = value'"),
                Arguments.of("[DEFAULT]\n= value\n", ":2: expected 'key = value'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void a_line_that_is_not_ini_is_one_error_naming_file_and_line(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigError.class).hasMessageStartingWith(FILE + message);
    }

    @Test
    void an_unreadable_file_is_a_clear_error(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> IniFile.read(tmp.resolve("missing.conf"))).isInstanceOf(ConfigError.class)
                .hasMessage("cannot read config file " + tmp.resolve("missing.conf") + ": no such file");
        assertThatThrownBy(() -> IniFile.read(tmp)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("it is a directory");
        Path locked = Files.writeString(tmp.resolve("locked.conf"), "[DEFAULT]\n");
        locked.toFile().setReadable(false);
        if (!Files.isReadable(locked)) { // root reads anything
            assertThatThrownBy(() -> IniFile.read(locked)).hasMessageContaining("permission denied");
        }
    }
}
