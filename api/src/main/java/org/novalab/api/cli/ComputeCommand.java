package org.novalab.api.cli;

import ch.qos.logback.classic.LoggerContext;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.novalab.api.config.EffectiveConfig;
import org.novalab.api.config.NovalabOptions;
import org.novalab.api.config.ServiceRoles;
import org.novalab.api.logging.LogFormat;
import org.novalab.api.server.ComputeService;
import org.novalab.api.server.ComputeServices;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;
import org.slf4j.LoggerFactory;

/**
 * {@code novalab compute --config-file novalab.conf}: one nova-compute in its own process, beside an api role
 * ({@code serve} with {@code [novalab] local_compute = false}) that shares its RabbitMQ, database, master key file
 * and image store. It runs until SIGTERM (or Ctrl-C), then stops taking messages and lets its work finish.
 */
@Parameters(commandNames = "compute", commandDescription = "Run one nova-compute service (host, instances_path, "
        + "[libvirt] connection_uri) serving compute.<host> over transport_url, for an api role (serve with "
        + "[novalab] local_compute = false) sharing its [database] connection, master key file and image store")
public final class ComputeCommand extends HelpOption implements Command {
    @ParametersDelegate
    private final ConfigFileFlags files = new ConfigFileFlags();

    @Parameter(names = "--host", description = "[DEFAULT] host: this compute host's name (env NOVALAB_HOST; default "
            + "this machine's host name)")
    private String host;

    @Parameter(names = "--state", description = "[DEFAULT] state_path: this compute service's own state dir "
            + "(instances_path: _base, instance dirs, its lock) (env NOVALAB_STATE; default instances)")
    private String state;

    private final Map<String, String> env;
    private final Function<Path, ComputeServices> hosts;

    /** The real thing: libvirt, the image cache and the key manager on the deployment's storage cluster. */
    public ComputeCommand() {
        this(System.getenv(), LibvirtComputeServices::new);
    }

    ComputeCommand(Map<String, String> env, Function<Path, ComputeServices> hosts) {
        this.env = env;
        this.hosts = hosts;
    }

    private EffectiveConfig load() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (host != null) {
            flags.put("--host", host);
        }
        if (state != null) {
            flags.put("--state", state);
        }
        return files.load(env, flags);
    }

    /** The settings this command would run with (checked, nothing created). */
    ServiceRoles.ComputeRole role() {
        return ServiceRoles.compute(load(), env);
    }

    @Override
    public int run(Console console) throws Exception {
        EffectiveConfig files = load();
        ServiceRoles.ComputeRole role = ServiceRoles.compute(files, env);
        (files.bool(NovalabOptions.USE_JSON) ? LogFormat.JSON : LogFormat.TEXT).apply();
        ComputeService service = ComputeService.start(role.config(), role.cluster(), hosts.apply(role.cluster()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                logs.stop();
            }
            stopped.countDown();
        }, "novalab-compute-shutdown"));
        console.out().println("novalab compute: host " + role.config().host() + " serving compute."
                + role.config().host() + " over " + role.config().messaging().transportUrl() + " (state "
                + role.config().stateDir() + ")");
        console.out().flush();
        stopped.await();
        return 0;
    }
}
