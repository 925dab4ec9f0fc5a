package org.novalab.api.cli;

import ch.qos.logback.classic.LoggerContext;
import org.novalab.api.logging.LogFormat;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.novalab.api.persistence.DatabaseConfig;
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
        + "on the embedded defaults: state, H2 database and image pool under instances/, port 8774")
public final class ServeCommand extends HelpOption implements Command {
    @Parameter(names = "--state", description = "State dir: database, image pool, _base, instance dirs "
            + "(env NOVALAB_STATE; default instances/)")
    private Path state;

    @Parameter(names = "--port", description = "TCP port; 0 picks a free one and prints it (env NOVALAB_PORT; default 8774)")
    private Integer port;

    @Parameter(names = "--db-url", description = "JDBC URL, e.g. jdbc:postgresql://host/novalab (env NOVALAB_DB_URL; "
            + "default an H2 file under the state dir); credentials from NOVALAB_DB_USER / NOVALAB_DB_PASSWORD")
    private String dbUrl;

    @Parameter(names = "--hypervisor-uri", description = "libvirt URI (env NOVALAB_HYPERVISOR_URI; default test:///default)")
    private String hypervisorUri;

    @Parameter(names = "--admin-password", description = "Password of user admin (env NOVALAB_ADMIN_PASSWORD); "
            + "without it, the first start generates one and prints it once")
    private String adminPassword;

    @Parameter(names = "--host", description = "Nova's host: the compute host's name (env NOVALAB_HOST; default this "
            + "machine's host name)")
    private String host;

    @Parameter(names = "--master-key", description = "The key manager's master key file, 32 bytes, mode 0600; give every "
            + "host of one deployment the same one (env NOVALAB_MASTER_KEY; default <state>/master.key, created)")
    private Path masterKey;

    @Parameter(names = "--remove-unused-base-images", arity = 1, description = "Nova's [image_cache] "
            + "remove_unused_base_images: age out _base files no instance disk uses (default true)")
    private boolean removeUnusedBaseImages = ServerConfig.CacheAging.NOVA_DEFAULTS.removeUnusedBaseImages();

    @Parameter(names = "--remove-unused-original-minimum-age-seconds", description = "Nova's [image_cache] "
            + "remove_unused_original_minimum_age_seconds: how long an unused _base file stays (default 86400)")
    private long minimumAgeSeconds = ServerConfig.CacheAging.NOVA_DEFAULTS.minimumAge().toSeconds();

    @Parameter(names = "--image-cache-manager-interval", description = "Nova's [image_cache] manager_interval: "
            + "seconds between aging passes; 0 turns them off (default 2400)")
    private long managerIntervalSeconds = ServerConfig.CacheAging.NOVA_DEFAULTS.interval().toSeconds();

    @Parameter(names = "--reclaim-instance-interval", description = "Nova's reclaim_instance_interval: above 0, a "
            + "delete only soft-deletes a server (restorable with the restore action) and it is deleted for good this "
            + "many seconds later; 0 deletes at once (default 0)")
    private long reclaimInstanceIntervalSeconds;

    @Parameter(names = "--resize-confirm-window", description = "Nova's resize_confirm_window: above 0, a resize "
            + "waiting in VERIFY_RESIZE this many seconds is confirmed automatically; 0 never (default 0)")
    private long resizeConfirmWindowSeconds;

    @Parameter(names = "--shelved-offload-time", description = "Nova's shelved_offload_time: 0 offloads a shelved "
            + "server at once (default 0), above 0 once it has been shelved this many seconds, -1 never")
    private int shelvedOffloadTimeSeconds;

    @Parameter(names = "--log-format", description = "text (for people) or json (one object per line with time, level, "
            + "logger, message, request_id; for log shippers) (env NOVALAB_LOG_FORMAT; default text)")
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

    ServerConfig config() {
        Path stateDir = state != null ? state : Path.of(env.getOrDefault("NOVALAB_STATE", "instances"));
        int chosenPort = port != null ? port : parsePort(env.getOrDefault("NOVALAB_PORT", "8774"));
        if (chosenPort < 0 || chosenPort > 65535) {
            throw new UsageError("--port must be between 0 and 65535, not " + chosenPort);
        }
        ServerConfig config = ServerConfig.embedded(stateDir, chosenPort);
        String url = dbUrl != null ? dbUrl : env.get("NOVALAB_DB_URL");
        if (url != null) {
            if (!url.startsWith("jdbc:")) {
                throw new UsageError("--db-url must be a JDBC URL (jdbc:postgresql://... or jdbc:h2:...), not " + url);
            }
            config = config.withDatabase(DatabaseConfig.of(url, env.get("NOVALAB_DB_USER"), env.get("NOVALAB_DB_PASSWORD")));
        }
        String uri = hypervisorUri != null ? hypervisorUri : env.get("NOVALAB_HYPERVISOR_URI");
        if (uri != null) {
            config = config.withHypervisorUri(uri);
        }
        String password = adminPassword != null ? adminPassword : env.get("NOVALAB_ADMIN_PASSWORD");
        if (password != null && password.isBlank()) {
            throw new UsageError("--admin-password must not be blank");
        }
        String hostName = host != null ? host : env.get("NOVALAB_HOST");
        if (hostName != null) {
            if (hostName.isBlank()) {
                throw new UsageError("--host must not be blank");
            }
            config = config.withHost(hostName.strip());
        }
        String key = masterKey != null ? masterKey.toString() : env.get("NOVALAB_MASTER_KEY");
        if (key != null) {
            config = config.withMasterKey(Path.of(key));
        }
        if (minimumAgeSeconds < 0) {
            throw new UsageError("--remove-unused-original-minimum-age-seconds must be >= 0");
        }
        config = config.withCacheAging(new ServerConfig.CacheAging(removeUnusedBaseImages,
                Duration.ofSeconds(minimumAgeSeconds), Duration.ofSeconds(managerIntervalSeconds)));
        if (reclaimInstanceIntervalSeconds < 0) {
            throw new UsageError("--reclaim-instance-interval must be >= 0");
        }
        config = config.withReclaimInstanceInterval(Duration.ofSeconds(reclaimInstanceIntervalSeconds));
        if (resizeConfirmWindowSeconds < 0) {
            throw new UsageError("--resize-confirm-window must be >= 0");
        }
        config = config.withResizeConfirmWindow(Duration.ofSeconds(resizeConfirmWindowSeconds));
        if (shelvedOffloadTimeSeconds < -1) {
            throw new UsageError("--shelved-offload-time must be >= -1");
        }
        config = config.withShelvedOffloadTime(shelvedOffloadTimeSeconds);
        return config.withAdminPassword(password);
    }

    /** The access log is written from a queue: what the last answers logged is written before the JVM ends. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
            logs.stop();
        }
    }

    LogFormat logFormat() {
        String name = logFormat != null ? logFormat : env.getOrDefault("NOVALAB_LOG_FORMAT", "text");
        try {
            return LogFormat.of(name);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--log-format must be text or json, not " + name);
        }
    }

    @Override
    public int run(Console console) throws Exception {
        ServerConfig config = config();
        logFormat().apply();
        NovalabServer server = NovalabServer.start(config, compute);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            flushLogs();
            stopped.countDown();
        }, "novalab-shutdown"));
        String url = "http://127.0.0.1:" + server.port();
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

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageError("NOVALAB_PORT must be a number, not " + text);
        }
    }
}
