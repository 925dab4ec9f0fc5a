package org.novalab.api.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.novalab.api.config.EffectiveConfig;

/**
 * The options {@code serve} and {@code config show} share: the config files and the flags that override them.
 * Each flag sets one option of {@link org.novalab.api.config.NovalabOptions} (its description names it); the
 * values stay text here and are checked where files and variables are, so a bad one is reported the same way.
 */
final class ServeFlags {
    @ParametersDelegate
    private final ConfigFileFlags files = new ConfigFileFlags();

    @Parameter(names = "--state", description = "[DEFAULT] state_path: state dir: database, image pool, _base, "
            + "instance dirs (env NOVALAB_STATE; default instances)")
    private String state;

    @Parameter(names = "--port", description = "[DEFAULT] osapi_compute_listen_port: TCP port; 0 picks a free one and "
            + "prints it (env NOVALAB_PORT; default 8774)")
    private String port;

    @Parameter(names = "--db-url", description = "[database] connection: postgresql://user:pass@host/db or a JDBC URL "
            + "(jdbc:postgresql://host/db, jdbc:h2:...) (env NOVALAB_DB_URL; default an H2 file under the state dir); "
            + "credentials not in it from NOVALAB_DB_USER / NOVALAB_DB_PASSWORD")
    private String dbUrl;

    @Parameter(names = "--hypervisor-uri", description = "[libvirt] connection_uri: libvirt URI (env "
            + "NOVALAB_HYPERVISOR_URI; default test:///default)")
    private String hypervisorUri;

    @Parameter(names = "--admin-password", description = "[keystone] admin_password: password of user admin (env "
            + "NOVALAB_ADMIN_PASSWORD); without it, the first start generates one and prints it once")
    private String adminPassword;

    @Parameter(names = "--host", description = "[DEFAULT] host: Nova's compute host name (env NOVALAB_HOST; default "
            + "this machine's host name)")
    private String host;

    @Parameter(names = "--master-key", description = "[key_manager] master_key_file: the key manager's master key "
            + "file, 32 bytes, mode 0600; give every host of one deployment the same one (env NOVALAB_MASTER_KEY; "
            + "default $state_path/master.key, created)")
    private String masterKey;

    @Parameter(names = "--remove-unused-base-images", description = "[image_cache] remove_unused_base_images: age "
            + "out _base files no instance disk uses (default true)")
    private String removeUnusedBaseImages;

    @Parameter(names = "--remove-unused-original-minimum-age-seconds", description = "[image_cache] "
            + "remove_unused_original_minimum_age_seconds: how long an unused _base file stays (default 86400)")
    private String minimumAgeSeconds;

    @Parameter(names = "--image-cache-manager-interval", description = "[image_cache] manager_interval: seconds "
            + "between aging passes; 0 turns them off (default 2400)")
    private String managerIntervalSeconds;

    @Parameter(names = "--reclaim-instance-interval", description = "[DEFAULT] reclaim_instance_interval: above 0, a "
            + "delete only soft-deletes a server (restorable with the restore action) and it is deleted for good this "
            + "many seconds later; 0 deletes at once (default 0)")
    private String reclaimInstanceIntervalSeconds;

    @Parameter(names = "--resize-confirm-window", description = "[DEFAULT] resize_confirm_window: above 0, a resize "
            + "waiting in VERIFY_RESIZE this many seconds is confirmed automatically; 0 never (default 0)")
    private String resizeConfirmWindowSeconds;

    @Parameter(names = "--shelved-offload-time", description = "[DEFAULT] shelved_offload_time: 0 offloads a shelved "
            + "server at once (default 0), above 0 once it has been shelved this many seconds, -1 never")
    private String shelvedOffloadTimeSeconds;

    /** The flags given, by name, as written. */
    Map<String, String> given() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "--state", state);
        put(flags, "--port", port);
        put(flags, "--db-url", dbUrl);
        put(flags, "--hypervisor-uri", hypervisorUri);
        put(flags, "--admin-password", adminPassword);
        put(flags, "--host", host);
        put(flags, "--master-key", masterKey);
        put(flags, "--remove-unused-base-images", removeUnusedBaseImages);
        put(flags, "--remove-unused-original-minimum-age-seconds", minimumAgeSeconds);
        put(flags, "--image-cache-manager-interval", managerIntervalSeconds);
        put(flags, "--reclaim-instance-interval", reclaimInstanceIntervalSeconds);
        put(flags, "--resize-confirm-window", resizeConfirmWindowSeconds);
        put(flags, "--shelved-offload-time", shelvedOffloadTimeSeconds);
        return flags;
    }

    EffectiveConfig load(Map<String, String> env) {
        return files.load(env, given());
    }

    private static void put(Map<String, String> flags, String name, String value) {
        if (value != null) {
            flags.put(name, value);
        }
    }
}
