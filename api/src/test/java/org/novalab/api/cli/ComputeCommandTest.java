package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beust.jcommander.JCommander;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.config.ConfigError;
import org.novalab.api.config.ServiceRoles;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.RemoteComputeServices;
import org.novalab.cli.Console;
import org.novalab.cli.Main;

/**
 * What {@code novalab compute} and serve's api role need before anything starts: a RabbitMQ, a database and a
 * master key the deployment shares, and for compute the api's storage cluster. Each refusal names the option and
 * creates nothing.
 */
class ComputeCommandTest {
    private static final String RABBIT = "rabbit://nova:s3cret-mq@127.0.0.1:5672/";
    private static final String DB = "jdbc:h2:file:/nonexistent/shared/nova;AUTO_SERVER=TRUE";

    @TempDir
    Path tmp;

    private ServiceRoles.ComputeRole compute(String conf) throws Exception {
        Path file = Files.writeString(tmp.resolve("compute.conf"), conf);
        ComputeCommand command = new ComputeCommand(Map.of(), LibvirtComputeServices::new);
        JCommander.newBuilder().addObject(command).build().parse("--config-file", file.toString());
        return command.role();
    }

    private String complete() throws Exception {
        Path key = Files.write(tmp.resolve("master.key"), new byte[32]);
        Files.createDirectories(tmp.resolve("api/pool"));
        return """
                [DEFAULT]
                state_path = %s
                host = compute-1
                transport_url = %s
                [database]
                connection = %s
                [key_manager]
                master_key_file = %s
                [novalab]
                cluster_path = %s
                """.formatted(tmp.resolve("compute-1"), RABBIT, DB, key, tmp.resolve("api/pool"));
    }

    @Test
    void a_complete_compute_config_names_its_host_own_state_and_the_shared_cluster() throws Exception {
        ServiceRoles.ComputeRole role = compute(complete());
        assertThat(role.config().host()).isEqualTo("compute-1");
        assertThat(role.config().stateDir()).isEqualTo(tmp.resolve("compute-1"));
        assertThat(role.cluster()).isEqualTo(tmp.resolve("api/pool"));
        assertThat(role.config().database().url()).isEqualTo(DB);
        assertThat(tmp.resolve("compute-1")).as("nothing is made by reading the config").doesNotExist();
    }

    @Test
    void compute_refuses_an_in_jvm_bus_a_state_dirs_own_database_a_missing_key_and_no_cluster() throws Exception {
        String conf = complete();
        assertThatThrownBy(() -> compute(conf.replace("transport_url = " + RABBIT, "")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("transport_url")
                .hasMessageContaining("the in-JVM bus reaches no other process");
        assertThatThrownBy(() -> compute(conf.replace("connection = " + DB, "")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("[database] connection")
                .hasMessageContaining("seen by no other process");
        assertThatThrownBy(() -> compute(conf.replace("master.key", "missing.key")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("master_key_file")
                .hasMessageContaining("never makes one");
        assertThatThrownBy(() -> compute(conf.replaceAll("cluster_path = .*", "")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("cluster_path")
                .hasMessageContaining("<state_path>/pool");
        assertThatThrownBy(() -> compute(conf.replace("api/pool", "api/nope")))
                .isInstanceOf(ConfigError.class).hasMessageContaining("is not a directory");
        assertThat(tmp.resolve("compute-1")).doesNotExist();
    }

    @Test
    void the_refusals_never_show_the_brokers_password() throws Exception {
        String conf = complete();
        assertThatThrownBy(() -> compute(conf.replace("master.key", "missing.key")))
                .message().doesNotContain("s3cret-mq");
    }

    @Test
    void serve_is_the_api_role_only_with_local_compute_false_and_then_needs_the_bus_and_a_shared_database()
            throws Exception {
        LibvirtComputeServices local = new LibvirtComputeServices();
        assertThat(serve(local, "")).isSameAs(local);
        assertThat(serve(local, "[DEFAULT]\ntransport_url = " + RABBIT + "\n[database]\nconnection = " + DB
                + "\n[novalab]\nlocal_compute = false\n")).isInstanceOf(RemoteComputeServices.class);
        assertThatThrownBy(() -> serve(local, "[database]\nconnection = " + DB + "\n[novalab]\nlocal_compute = false\n"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("the api role (local_compute = false)")
                .hasMessageContaining("transport_url");
        assertThatThrownBy(() -> serve(local, "[DEFAULT]\ntransport_url = " + RABBIT
                + "\n[novalab]\nlocal_compute = false\n"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("[database] connection");
    }

    private Object serve(LibvirtComputeServices local, String conf) throws Exception {
        Path file = Files.writeString(tmp.resolve("api.conf"), conf);
        ServeCommand serve = new ServeCommand(local, Map.of());
        JCommander.newBuilder().addObject(serve).build().parse("--config-file", file.toString());
        return serve.computeServices();
    }

    @Test
    void help_names_the_options_it_reads() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.cli().run(new String[] {"compute", "--help"}, new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                java.io.InputStream.nullInputStream()));
        String help = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(help).isZero();
        assertThat(help).contains("--config-file").contains("--host").contains("--state")
                .contains("compute.<host>").contains("local_compute = false");
    }
}
