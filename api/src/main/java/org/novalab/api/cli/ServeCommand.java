package org.novalab.api.cli;

import ch.qos.logback.classic.LoggerContext;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.novalab.api.config.EffectiveConfig;
import org.novalab.api.config.NovalabOptions;
import org.novalab.api.config.ServerConfigs;
import org.novalab.api.config.ServiceRoles;
import org.novalab.api.logging.LogFormat;
import org.novalab.api.server.ComputeServices;
import org.novalab.api.server.LibvirtComputeServices;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.server.ServerConfig;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;
import org.novalab.cli.UsageError;
import org.slf4j.LoggerFactory;

@Parameters(commandNames = "serve", commandDescription = "Run the OpenStack-compatible API (Keystone, Nova, Glance) "
        + "on the embedded defaults (state, H2 database and image pool under instances/, port 8774) or as "
        + "--config-file novalab.conf says")
public final class ServeCommand extends HelpOption implements Command {
    @ParametersDelegate
    private final ServeFlags flags = new ServeFlags();

    @Parameter(names = "--log-format", description = "text (for people) or json (one object per line with time, level, "
            + "logger, message, request_id; for log shippers) (env NOVALAB_LOG_FORMAT; default [DEFAULT] use_json "
            + "of the config files, else text)")
    private String logFormat;

    private final ComputeServices compute;
    private final Map<String, String> env;

    /** The real thing: libvirt, the image cache and the key manager ({@link LibvirtComputeServices}). */
    public ServeCommand() {
        this(new LibvirtComputeServices(), System.getenv());
    }

    ServeCommand(ComputeServices compute, Map<String, String> env) {
        this.compute = compute;
        this.env = env;
    }

    /** Defaults, then the config files, then NOVALAB_* variables, then the flags ({@link ServeFlags}). */
    ServerConfig config() {
        return config(flags.load(env));
    }

    private ServerConfig config(EffectiveConfig files) {
        return ServerConfigs.from(files, env);
    }

    /** The compute hosts {@link #run} starts the server with: its own, or none in the api role. */
    ComputeServices computeServices() {
        EffectiveConfig files = flags.load(env);
        return ServiceRoles.serve(files, config(files), compute);
    }

    /** Where a client on this machine reaches a listener bound to {@code address} (osapi_compute_listen). */
    static String reachableHost(String address) {
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            return "127.0.0.1";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    /** The access log is written from a queue: what the last answers logged is written before the JVM ends. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
            logs.stop();
        }
    }

    /** {@code --log-format}, else NOVALAB_LOG_FORMAT, else the config files' {@code [DEFAULT] use_json}. */
    LogFormat logFormat() {
        return logFormat(flags.load(env));
    }

    private LogFormat logFormat(EffectiveConfig files) {
        String name = logFormat != null ? logFormat : env.get("NOVALAB_LOG_FORMAT");
        if (name == null) {
            return files.bool(NovalabOptions.USE_JSON) ? LogFormat.JSON : LogFormat.TEXT;
        }
        try {
            return LogFormat.of(name);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--log-format must be text or json, not " + name);
        }
    }

    @Override
    public int run(Console console) throws Exception {
        // the config files are read once: a file changed between two reads could mix two configurations
        EffectiveConfig files = flags.load(env);
        ServerConfig config = config(files);
        logFormat(files).apply();
        // its own compute host, or none ([novalab] local_compute = false: the api role of a split deployment)
        NovalabServer server = NovalabServer.start(config, ServiceRoles.serve(files, config, compute));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            flushLogs();
            stopped.countDown();
        }, "novalab-shutdown"));
        String url = "http://" + reachableHost(config.hostSettings().listenAddress()) + ":" + server.port();
        server.generatedAdminPassword().ifPresent(p -> console.out().println(
                "novalab: first start: user admin (project demo) has password " + p + " (shown once; keep it)"));
        // A password the user chose is not echoed: only a generated one is shown, on the first start.
        String password = server.generatedAdminPassword().orElse("<admin password>");
        console.out().println("novalab serving on " + url + " (state " + config.stateDir() + "); openstack client: "
                + "OS_AUTH_URL=" + url + "/identity/v3 OS_USERNAME=admin OS_PASSWORD=" + password
                + " OS_PROJECT_NAME=demo OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default"
                + " OS_IDENTITY_API_VERSION=3 OS_COMPUTE_API_VERSION=2.79 openstack server list");
        console.out().flush();
        stopped.await();
        return 0;
    }
}
