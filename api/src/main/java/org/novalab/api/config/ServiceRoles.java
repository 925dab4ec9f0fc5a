package org.novalab.api.config;

import static org.novalab.api.config.NovalabOptions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.novalab.api.server.ComputeServices;
import org.novalab.api.server.RemoteComputeServices;
import org.novalab.api.server.ServerConfig;

/**
 * Which of Nova's services a process runs, and what a split deployment needs before anything starts: {@code serve}
 * is all of them (its own compute host) unless {@code [novalab] local_compute = false} makes it the api role;
 * {@code novalab compute} is one nova-compute. Processes of one deployment meet only in a RabbitMQ
 * ({@code transport_url}), a database ({@code [database] connection}), the master key file and the image store,
 * so each of those must name a shared one: an in-JVM bus or a state dir's own database would leave each process
 * alone, and a compute service's own new master key could open none of the deployment's passphrases.
 */
public final class ServiceRoles {
    private ServiceRoles() {
    }

    /** How {@code novalab compute} runs: its settings, and the on-disk storage cluster it shares with the api. */
    public record ComputeRole(ServerConfig config, Path cluster) {
    }

    /** {@code serve}'s compute hosts: {@code local}, or none of its own (the api role's remote ones). */
    public static ComputeServices serve(EffectiveConfig c, ServerConfig config, ComputeServices local) {
        if (c.bool(LOCAL_COMPUTE)) {
            return local;
        }
        requireShared(c, config, "the api role (local_compute = false)");
        return new RemoteComputeServices();
    }

    /** {@code novalab compute}'s settings, refused with the option to set when the deployment is not shared. */
    public static ComputeRole compute(EffectiveConfig c, Map<String, String> env) {
        ServerConfig config = ServerConfigs.from(c, env);
        requireShared(c, config, "novalab compute");
        Path key = config.masterKey();
        if (!Files.isRegularFile(key)) {
            throw c.failure(MASTER_KEY_FILE, "novalab compute opens the deployment's master key and never makes one: "
                    + "name the api's file (its <state_path>/master.key unless it names another); " + key
                    + " does not exist");
        }
        String cluster = c.text(CLUSTER_PATH);
        if (cluster == null || cluster.isBlank()) {
            if (config.storage().glance().isEmpty()) {
                throw c.failure(CLUSTER_PATH, "novalab compute reads images from the deployment's file store: set it "
                        + "to the api's <state_path>/pool (or use [glance_store] default_store = rbd)");
            }
            return new ComputeRole(config, config.stateDir().resolve("pool"));
        }
        Path dir = Path.of(cluster.strip());
        if (!Files.isDirectory(dir)) {
            throw c.failure(CLUSTER_PATH, "expected the api's storage cluster directory (its <state_path>/pool), "
                    + "which exists once the api has started; " + dir + " is not a directory");
        }
        return new ComputeRole(config, dir);
    }

    private static void requireShared(EffectiveConfig c, ServerConfig config, String role) {
        if (config.messaging().transportUrl().inJvm()) {
            throw c.failure(TRANSPORT_URL, role + " reaches the other services over RabbitMQ: set transport_url = "
                    + "rabbit://user:pass@host:5672/ (the in-JVM bus reaches no other process)");
        }
        if (config.database().embeddedIn().isPresent()) {
            throw c.failure(DATABASE_CONNECTION, role + " needs the database the api and every compute service "
                    + "share: set [database] connection (postgresql://user:pass@host/nova, or on one machine "
                    + "jdbc:h2:file:/path/nova;AUTO_SERVER=TRUE); a state dir's own database is seen by no other "
                    + "process");
        }
    }
}
