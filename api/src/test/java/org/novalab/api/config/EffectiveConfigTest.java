package org.novalab.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novalab.api.config.NovalabOptions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaults < files (later wins) < NOVALAB_* < flags, each value with its source; bad input named by its place. */
class EffectiveConfigTest {
    @TempDir
    Path tmp;
    Path first;
    Path second;

    @BeforeEach
    void twoFiles() throws Exception {
        first = Files.writeString(tmp.resolve("first.conf"), """
                [DEFAULT]
                osapi_compute_listen_port = 9001
                host = from-first
                state_path = /srv/first

                [image_cache]
                manager_interval = 60
                """);
        second = Files.writeString(tmp.resolve("second.conf"), """
                [DEFAULT]
                # the later file wins
                osapi_compute_listen_port = 9002
                """);
    }

    private static EffectiveConfig load(List<Path> files, Map<String, String> env, Map<String, String> flags) {
        return EffectiveConfig.load(new EffectiveConfig.Inputs(files, List.of(), env, flags));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                // files?, env, flags, expected port, expected source (FILE: the line in the winning file)
                Arguments.of(false, Map.of(), Map.of(), "8774", "default"),
                Arguments.of(true, Map.of(), Map.of(), "9002", "second.conf:3"),
                Arguments.of(true, Map.of("NOVALAB_PORT", "9003"), Map.of(), "9003", "env NOVALAB_PORT"),
                Arguments.of(true, Map.of("NOVALAB_PORT", "9003"), Map.of("--port", "9004"), "9004", "flag --port"),
                Arguments.of(false, Map.of(), Map.of("--port", "0"), "0", "flag --port"));
    }

    @ParameterizedTest(name = "files={0} env={1} flags={2} -> {3} from {4}")
    @MethodSource("precedence")
    void each_layer_overrides_the_one_below_and_says_so(boolean files, Map<String, String> env,
                                                        Map<String, String> flags, String port, String source) {
        EffectiveConfig c = load(files ? List.of(first, second) : List.of(), env, flags);
        assertThat(c.number(LISTEN_PORT)).isEqualTo(Long.parseLong(port));
        assertThat(c.source(LISTEN_PORT).where()).endsWith(source);
        if (files) {
            assertThat(c.text(HOST)).as("set only in the first file").isEqualTo("from-first");
            assertThat(c.source(HOST).where()).isEqualTo(first + ":3");
        }
    }

    @Test
    void an_unset_option_keeps_its_default_and_defaults_may_name_other_options() {
        EffectiveConfig c = load(List.of(first), Map.of(), Map.of());
        assertThat(c.source(MASTER_KEY_FILE)).isEqualTo(Source.DEFAULT);
        assertThat(c.text(MASTER_KEY_FILE)).as("$state_path/master.key").isEqualTo("/srv/first/master.key");
        assertThat(c.text(INSTANCES_PATH)).isEqualTo("/srv/first");
        assertThat(c.bool(FORCE_RAW_IMAGES)).isTrue();
        assertThat(c.isSet(HOST)).isTrue();
        assertThat(load(List.of(), Map.of(), Map.of()).isSet(HOST)).isFalse();
    }

    @Test
    void references_and_dollar_signs_as_oslo_writes_them() throws Exception {
        Path f = file("refs.conf", """
                [DEFAULT]
                state_path = /var/lib/novalab
                host = ${image_cache.subdirectory_name}-$$5

                [image_cache]
                subdirectory_name = cache
                """);
        EffectiveConfig c = load(List.of(f), Map.of(), Map.of());
        assertThat(c.text(HOST)).isEqualTo("cache-$5");
        assertThatThrownBy(() -> load(List.of(file("bad-ref.conf", "[DEFAULT]\nhost = $nothing\n")), Map.of(),
                Map.of())).isInstanceOf(ConfigError.class)
                .hasMessage(tmp.resolve("bad-ref.conf") + ":2: [DEFAULT] host: $nothing names no option (write $$ "
                        + "for a dollar sign)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"true,true", "false,false", "yes,true", "no,false", "1,true", "0,false", "TRUE,true", "Off,false"})
    void booleans_are_read_as_oslo_reads_them(String text, boolean value) throws Exception {
        Path f = file("bool.conf", "[DEFAULT]\nforce_raw_images = " + text + "\n");
        assertThat(load(List.of(f), Map.of(), Map.of()).bool(FORCE_RAW_IMAGES)).isEqualTo(value);
    }

    @Test
    void novas_deprecated_default_names_of_the_image_cache_options_still_work() throws Exception {
        Path f = file("old.conf", """
                [DEFAULT]
                image_cache_manager_interval = 120
                image_cache_subdirectory_name = cache
                """);
        EffectiveConfig c = load(List.of(f), Map.of(), Map.of());
        assertThat(c.number(CACHE_MANAGER_INTERVAL)).isEqualTo(120);
        assertThat(c.text(CACHE_SUBDIRECTORY)).isEqualTo("cache");
        assertThat(c.source(CACHE_SUBDIRECTORY).where()).isEqualTo(f + ":3");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("[DEFAULT]\nhots = x\n", ":2: unknown option 'hots' in [DEFAULT]; it has state_path,"),
                Arguments.of("[neutron]\nurl = x\n", ":1: unknown section [neutron]; novalab reads [DEFAULT], "),
                Arguments.of("[glance]\napi_servers = x\n", ":2: unknown option 'api_servers' in [glance]; it has "
                        + "num_retries"),
                Arguments.of("[default]\nhost = x\n", ":1: unknown section [default] (it is spelled [DEFAULT])"),
                Arguments.of("[DEFAULT]\nosapi_compute_listen_port = eighty\n",
                        ":2: [DEFAULT] osapi_compute_listen_port: expected an integer, not 'eighty'"),
                Arguments.of("[DEFAULT]\n\nosapi_compute_listen_port = 70000\n",
                        ":3: [DEFAULT] osapi_compute_listen_port: expected an integer from 0 to 65535, not 70000"),
                Arguments.of("[DEFAULT]\nforce_raw_images = maybe\n",
                        ":2: [DEFAULT] force_raw_images: expected a boolean (true/false, yes/no, 1/0), not 'maybe'"),
                Arguments.of("[libvirt]\nimages_type = lvm\n",
                        ":2: [libvirt] images_type: expected one of default, qcow2, rbd, not 'lvm'"),
                Arguments.of("[ephemeral_storage_encryption]\nkey_size = 128\n",
                        ":2: [ephemeral_storage_encryption] key_size: expected one of 256, 512, not '128'"),
                Arguments.of("[database]\nconnection = mysql+pymysql://nova:pw@db/nova\n",
                        ":2: [database] connection: novalab connects to PostgreSQL"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void a_mistake_in_a_file_is_one_line_naming_file_line_and_what_is_expected(String text, String message)
            throws Exception {
        Path f = file("mistake.conf", text);
        assertThatThrownBy(() -> load(List.of(f), Map.of(), Map.of())).isInstanceOf(ConfigError.class)
                .hasMessageStartingWith(f + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(":pw@"));
    }

    @Test
    void a_bad_variable_or_flag_is_named_as_such() {
        assertThatThrownBy(() -> load(List.of(), Map.of("NOVALAB_PORT", "eighty"), Map.of()))
                .hasMessage("env NOVALAB_PORT: [DEFAULT] osapi_compute_listen_port: expected an integer, not 'eighty'");
        assertThatThrownBy(() -> load(List.of(), Map.of(), Map.of("--shelved-offload-time", "-2")))
                .hasMessage("flag --shelved-offload-time: [DEFAULT] shelved_offload_time: expected an integer from -1 "
                        + "to 2147483647, not -2");
    }

    @Test
    void a_config_dir_adds_its_conf_files_sorted_after_the_files() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("novalab.conf.d"));
        Files.writeString(dir.resolve("20-port.conf"), "[DEFAULT]\nosapi_compute_listen_port = 9020\n");
        Files.writeString(dir.resolve("10-port.conf"), "[DEFAULT]\nosapi_compute_listen_port = 9010\nhost = d\n");
        Files.writeString(dir.resolve("README"), "not a conf file: not read\n");
        EffectiveConfig c = EffectiveConfig.load(new EffectiveConfig.Inputs(List.of(first), List.of(dir), Map.of(),
                Map.of()));
        assertThat(c.number(LISTEN_PORT)).isEqualTo(9020);
        assertThat(c.text(HOST)).isEqualTo("d");
        assertThatThrownBy(() -> EffectiveConfig.load(new EffectiveConfig.Inputs(List.of(), List.of(tmp.resolve("no")),
                Map.of(), Map.of()))).hasMessage("cannot read config dir " + tmp.resolve("no") + ": no such directory");
    }

    @Test
    void every_option_has_one_place_and_a_default_its_type_accepts() {
        assertThat(ALL).extracting(Option::name).doesNotHaveDuplicates();
        assertThat(ALL.stream().flatMap(o -> o.flag().stream())).doesNotHaveDuplicates();
        EffectiveConfig defaults = load(List.of(), Map.of(), Map.of());
        for (Option o : ALL) {
            assertThat(defaults.source(o)).as(o.toString()).isEqualTo(Source.DEFAULT);
        }
    }
}
