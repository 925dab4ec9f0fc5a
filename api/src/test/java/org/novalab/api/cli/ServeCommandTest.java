package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beust.jcommander.JCommander;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.logging.LogFormat;
import org.novalab.cli.UsageError;

class ServeCommandTest {
    private static ServerConfig parse(Map<String, String> env, String... args) {
        ServeCommand command = new ServeCommand(new LibvirtComputeServices(), env);
        JCommander.newBuilder().addObject(command).build().parse(args);
        return command.config();
    }

    private static LogFormat logFormat(Map<String, String> env, String... args) {
        ServeCommand command = new ServeCommand(new LibvirtComputeServices(), env);
        JCommander.newBuilder().addObject(command).build().parse(args);
        return command.logFormat();
    }

    @Test
    void the_log_format_is_text_unless_the_flag_or_the_environment_says_json() {
        assertThat(logFormat(Map.of())).isEqualTo(LogFormat.TEXT);
        assertThat(logFormat(Map.of(), "--log-format", "json")).isEqualTo(LogFormat.JSON);
        assertThat(logFormat(Map.of("NOVALAB_LOG_FORMAT", "JSON"))).isEqualTo(LogFormat.JSON);
        assertThat(logFormat(Map.of("NOVALAB_LOG_FORMAT", "json"), "--log-format", "text")).isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> logFormat(Map.of(), "--log-format", "xml")).isInstanceOf(UsageError.class)
                .hasMessage("--log-format must be text or json, not xml");
    }

    @Test
    void a_config_files_use_json_chooses_json_unless_the_flag_or_the_environment_says_otherwise(@TempDir Path dir)
            throws Exception {
        Path conf = Files.writeString(dir.resolve("novalab.conf"), "[DEFAULT]\nuse_json = true\n");
        assertThat(logFormat(Map.of(), "--config-file", conf.toString())).isEqualTo(LogFormat.JSON);
        assertThat(logFormat(Map.of(), "--config-file", conf.toString(), "--log-format", "text"))
                .isEqualTo(LogFormat.TEXT);
        assertThat(logFormat(Map.of("NOVALAB_LOG_FORMAT", "text"), "--config-file", conf.toString()))
                .isEqualTo(LogFormat.TEXT);
        Path off = Files.writeString(dir.resolve("off.conf"), "[DEFAULT]\nuse_json = false\n");
        assertThat(logFormat(Map.of(), "--config-file", off.toString())).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void without_flags_or_environment_it_runs_on_the_embedded_defaults() {
        ServerConfig config = parse(Map.of());
        assertThat(config.stateDir()).isEqualTo(Path.of("instances"));
        assertThat(config.port()).isEqualTo(8774);
        assertThat(config.hypervisorUri()).isEqualTo("test:///default");
        assertThat(config.database().url()).startsWith("jdbc:h2:file:").contains("instances");
        assertThat(config.adminPassword()).isNull();
    }

    @Test
    void environment_variables_set_what_flags_do_and_flags_win() {
        Map<String, String> env = Map.of("NOVALAB_STATE", "/tmp/s", "NOVALAB_PORT", "9000",
                "NOVALAB_DB_URL", "jdbc:postgresql://db/novalab", "NOVALAB_HYPERVISOR_URI", "qemu:///session",
                "NOVALAB_ADMIN_PASSWORD", "from-env");
        ServerConfig fromEnv = parse(env);
        assertThat(fromEnv.stateDir()).isEqualTo(Path.of("/tmp/s"));
        assertThat(fromEnv.port()).isEqualTo(9000);
        assertThat(fromEnv.database().url()).isEqualTo("jdbc:postgresql://db/novalab");
        assertThat(fromEnv.hypervisorUri()).isEqualTo("qemu:///session");
        assertThat(fromEnv.adminPassword()).isEqualTo("from-env");

        ServerConfig flags = parse(env, "--port", "0", "--state", "elsewhere", "--admin-password", "from-flag");
        assertThat(flags.port()).isZero();
        assertThat(flags.stateDir()).isEqualTo(Path.of("elsewhere"));
        assertThat(flags.adminPassword()).isEqualTo("from-flag");
    }

    @Test
    void nonsense_is_a_usage_error_with_a_clear_message() {
        assertThatThrownBy(() -> parse(Map.of(), "--port", "70000")).isInstanceOf(UsageError.class)
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> parse(Map.of(), "--db-url", "postgres://x")).isInstanceOf(UsageError.class)
                .hasMessageContaining("JDBC");
        assertThatThrownBy(() -> parse(Map.of("NOVALAB_PORT", "eighty"))).isInstanceOf(UsageError.class)
                .hasMessageContaining("NOVALAB_PORT");
    }

    @Test
    void novas_option_names_set_the_compute_host_the_master_key_and_the_image_cache_aging() {
        ServerConfig defaults = parse(Map.of());
        assertThat(defaults.host()).isNotBlank();
        assertThat(defaults.masterKey()).isEqualTo(Path.of("instances").resolve("master.key"));
        assertThat(defaults.cacheAging()).isEqualTo(ServerConfig.CacheAging.NOVA_DEFAULTS);
        assertThat(defaults.cacheAging().minimumAge()).hasSeconds(86400);
        assertThat(defaults.cacheAging().interval()).hasSeconds(2400);

        ServerConfig set = parse(Map.of("NOVALAB_MASTER_KEY", "/etc/novalab/master.key"), "--host", "compute-1",
                "--remove-unused-base-images", "false", "--remove-unused-original-minimum-age-seconds", "60",
                "--image-cache-manager-interval", "0");
        assertThat(set.host()).isEqualTo("compute-1");
        assertThat(set.masterKey()).isEqualTo(Path.of("/etc/novalab/master.key"));
        assertThat(set.cacheAging()).isEqualTo(new ServerConfig.CacheAging(false, Duration.ofSeconds(60),
                Duration.ZERO));
        assertThatThrownBy(() -> parse(Map.of(), "--host", " ")).isInstanceOf(UsageError.class)
                .hasMessageContaining("--host");
    }

    @Test
    void the_printed_url_reaches_the_address_the_api_listens_on() {
        assertThat(ServeCommand.reachableHost("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.reachableHost("::")).isEqualTo("127.0.0.1");
        assertThat(ServeCommand.reachableHost("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(ServeCommand.reachableHost("fd00::5")).isEqualTo("[fd00::5]");
    }

    @Test
    void a_reclaim_instance_interval_makes_deletes_soft_and_none_is_novas_default() {
        assertThat(parse(Map.of()).reclaimInstanceInterval()).isZero();
        assertThat(parse(Map.of(), "--reclaim-instance-interval", "3600").reclaimInstanceInterval()).hasHours(1);
        assertThatThrownBy(() -> parse(Map.of(), "--reclaim-instance-interval", "-1")).isInstanceOf(UsageError.class)
                .hasMessageContaining("--reclaim-instance-interval");
    }
}
