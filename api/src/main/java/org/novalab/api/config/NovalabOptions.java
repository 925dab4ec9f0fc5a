package org.novalab.api.config;

import java.util.List;
import java.util.Optional;

/**
 * Every option novalab reads, with Nova's and Keystone's section and option names for what novalab does.
 * An option novalab cannot honour is not here (or, when Nova's name is expected, refuses every value it cannot
 * honour with a message that says so). This list is the only definition: {@link EffectiveConfig} parses with it,
 * {@code config show} prints it, {@link SampleConfig} writes the sample from it.
 */
public final class NovalabOptions {
    private static final String D = OptionName.DEFAULT;
    private static final long MAX = Long.MAX_VALUE;

    public static final Option STATE_PATH = Option.of(D, "state_path", ValueType.STRING, "instances",
            "Nova's state_path: novalab's state dir, holding the database, the image pool, the master key, _base/, "
                    + "locks/ and the instance dirs. A relative path is taken from the working directory.")
            .env("NOVALAB_STATE").flag("--state");
    public static final Option INSTANCES_PATH = Option.of(D, "instances_path", ValueType.STRING, "$state_path",
            "Nova's instances_path: where _base/ and the instance dirs live. novalab keeps them in its state dir, so "
                    + "this must name the same directory as state_path.");
    public static final Option HOST = Option.of(D, "host", ValueType.STRING, null,
            "Nova's host: the name of this compute host; instances are recorded on it.")
            .defaultText("<this machine's host name>").env("NOVALAB_HOST").flag("--host");
    public static final Option LISTEN = Option.of(D, "osapi_compute_listen", ValueType.STRING, "0.0.0.0",
            "The IP address the API (Keystone, Nova, Glance, virsh) listens on.");
    public static final Option LISTEN_PORT = Option.of(D, "osapi_compute_listen_port", ValueType.integer(0, 65535),
            "8774", "The TCP port the API listens on; 0 picks a free one and prints it.")
            .env("NOVALAB_PORT").flag("--port");
    public static final Option TRANSPORT_URL = Option.of(D, "transport_url", new ValueType.Transport(), null,
            "oslo.messaging's transport_url, the bus every compute call goes over: "
                    + "rabbit://user:pass@host:5672/vhost (RabbitMQ; more hosts after commas; an empty vhost is /) "
                    + "or fake:// for the in-JVM bus. Unset: the in-JVM bus. The password is never printed.")
            .defaultText("<the in-JVM bus>").env("NOVALAB_TRANSPORT_URL");
    public static final Option RPC_RESPONSE_TIMEOUT = Option.of(D, "rpc_response_timeout",
            ValueType.integer(1, Integer.MAX_VALUE), "60", "Seconds a compute call (console output, diagnostics, "
                    + "set admin password, virsh) waits for its host's answer before it fails with MessagingTimeout.");
    public static final Option CONTROL_EXCHANGE = Option.of(D, "control_exchange", ValueType.STRING, "nova",
            "The RabbitMQ topic exchange the compute topics (compute.<host>) live in.");
    public static final Option FORCE_RAW_IMAGES = Option.of(D, "force_raw_images", ValueType.BOOLEAN, "true",
            "Nova's force_raw_images: convert qcow2 images to raw in _base. With false a qcow2 image stays qcow2 in "
                    + "_base and the instance overlay's backing file is qcow2 (backing_fmt=qcow2).");
    public static final Option RECLAIM_INSTANCE_INTERVAL = Option.of(D, "reclaim_instance_interval",
            ValueType.integer(0, MAX), "0", "Nova's reclaim_instance_interval, in seconds: above 0 a delete only "
                    + "soft-deletes a server (restorable with the restore action) and it is deleted for good this "
                    + "long after; 0 deletes at once.")
            .flag("--reclaim-instance-interval");
    public static final Option RESIZE_CONFIRM_WINDOW = Option.of(D, "resize_confirm_window",
            ValueType.integer(0, MAX), "0", "Nova's resize_confirm_window, in seconds: above 0 a resize waiting in "
                    + "VERIFY_RESIZE this long is confirmed automatically; 0 never.")
            .flag("--resize-confirm-window");
    public static final Option SHELVED_OFFLOAD_TIME = Option.of(D, "shelved_offload_time",
            ValueType.integer(-1, Integer.MAX_VALUE), "0", "Nova's shelved_offload_time, in seconds: 0 offloads a "
                    + "shelved server at once, above 0 once it has been shelved this long, -1 never.")
            .flag("--shelved-offload-time");

    public static final Option REPORT_INTERVAL = Option.of(D, "report_interval", ValueType.integer(1, 3600), "10",
            "Nova's report_interval: seconds between two heartbeats of each service (and of the resources a compute "
                    + "host reports, every sixth beat).");
    public static final Option SERVICE_DOWN_TIME = Option.of(D, "service_down_time", ValueType.integer(2, 86400),
            "60", "Nova's service_down_time: seconds after its last heartbeat a service counts as down. The scheduler "
                    + "then passes it over, evacuate accepts its servers, and a server it left in a task is given up "
                    + "(ERROR with a fault, or a move brought back to its source). Must be above report_interval.");

    public static final Option CPU_ALLOCATION_RATIO = Option.of(D, "cpu_allocation_ratio", ValueType.floating(0),
            "4.0", "Nova's cpu_allocation_ratio (its initial_cpu_allocation_ratio): the scheduler places instances on "
                    + "a host until their vCPUs reach the host's CPUs times this.");
    public static final Option RAM_ALLOCATION_RATIO = Option.of(D, "ram_allocation_ratio", ValueType.floating(0),
            "1.0", "Nova's ram_allocation_ratio: until their memory, with the host's 512 MB reserved, reaches the "
                    + "host's memory times this.");
    public static final Option DISK_ALLOCATION_RATIO = Option.of(D, "disk_allocation_ratio", ValueType.floating(0),
            "1.0", "Nova's disk_allocation_ratio: until their local disks (a volume root is not local) reach the "
                    + "size of the file system of the host's instances_path times this.");

    public static final Option MAX_ATTEMPTS = Option.of("scheduler", "max_attempts", ValueType.integer(1, 100), "3",
            "Nova's [scheduler] max_attempts: the hosts a build may be tried on, the scheduler's choice and its "
                    + "alternates; a build that fails spawning for a reason of its host's goes on to the next of them "
                    + "with room. 1: never retried.");

    public static final Option ALLOW_RESIZE_TO_SAME_HOST = Option.of(D, "allow_resize_to_same_host",
            ValueType.BOOLEAN, "true", "Nova's allow_resize_to_same_host: a resize may stay on the server's own host "
                    + "when no other host passes the filters (true, as devstack sets it: Nova's own default is false, "
                    + "but novalab's embedded default is one host). False: such a resize fails as Nova's does, "
                    + "NoValidHost in its instance action, the server as it was.");

    public static final Option USE_JSON = Option.of(D, "use_json", ValueType.BOOLEAN, "false",
            "oslo.log's use_json: write the log as one JSON object per line (time, level, logger, thread, message, "
                    + "request_id) for log shippers. serve --log-format text|json (env NOVALAB_LOG_FORMAT) "
                    + "overrides it.");

    private static final String RABBIT = "oslo_messaging_rabbit";
    public static final Option RABBIT_HEARTBEAT = Option.of(RABBIT, "heartbeat_timeout_threshold",
            ValueType.integer(0, 3600), "60", "Seconds without a word from RabbitMQ after which the connection is "
                    + "taken as dead and made again (the AMQP heartbeat); 0 turns heartbeats off.");
    public static final Option RABBIT_RETRY_INTERVAL = Option.of(RABBIT, "rabbit_retry_interval",
            ValueType.integer(0, 3600), "1", "Seconds before the first new attempt to reach RabbitMQ.");
    public static final Option RABBIT_RETRY_BACKOFF = Option.of(RABBIT, "rabbit_retry_backoff",
            ValueType.integer(0, 3600), "2", "Seconds each further attempt to reach RabbitMQ waits longer.");
    public static final Option RABBIT_INTERVAL_MAX = Option.of(RABBIT, "rabbit_interval_max",
            ValueType.integer(1, 3600), "30", "The longest wait, in seconds, between attempts to reach RabbitMQ.");

    public static final Option CACHE_MANAGER_INTERVAL = Option.of("image_cache", "manager_interval",
            ValueType.integer(Long.MIN_VALUE, MAX), "2400", "Nova's image cache manager: seconds between passes "
                    + "that age out unused _base files; 0 or less turns them off.")
            .deprecatedName(D, "image_cache_manager_interval").flag("--image-cache-manager-interval");
    public static final Option CACHE_SUBDIRECTORY = Option.of("image_cache", "subdirectory_name", ValueType.STRING,
            "_base", "The directory under instances_path that caches images: one file per image, named by the "
                    + "sha1 of its id.")
            .deprecatedName(D, "image_cache_subdirectory_name");
    public static final Option REMOVE_UNUSED_BASE_IMAGES = Option.of("image_cache", "remove_unused_base_images",
            ValueType.BOOLEAN, "true", "Whether the image cache manager removes _base files no instance disk uses.")
            .flag("--remove-unused-base-images");
    public static final Option REMOVE_UNUSED_MINIMUM_AGE = Option.of("image_cache",
            "remove_unused_original_minimum_age_seconds", ValueType.integer(0, MAX), "86400",
            "How long, in seconds, an unused _base file stays before the image cache manager removes it.")
            .flag("--remove-unused-original-minimum-age-seconds");

    public static final Option CONNECTION_URI = Option.of("libvirt", "connection_uri", ValueType.STRING,
            "test:///default", "The libvirt URI: test:///default runs guests in process with novalab's boot "
                    + "emulation; qemu:///session or qemu:///system drives a libvirtd and real QEMU.")
            .env("NOVALAB_HYPERVISOR_URI").flag("--hypervisor-uri");
    public static final Option IMAGES_TYPE = Option.of("libvirt", "images_type",
            ValueType.choice("default", "qcow2", "rbd"), "default", "Nova's image backend for root disks booted from "
                    + "an image. novalab builds them as qcow2 (default means qcow2); a server booted from a volume "
                    + "uses the Rbd backend whatever this says. rbd puts the Rbd backend's pool (images_rbd_pool) on "
                    + "the Ceph cluster of images_rbd_ceph_conf, beside Glance's store, which must then be rbd too "
                    + "(clones stay in one cluster). raw, flat, lvm and ploop are not offered.");
    // Nova's [libvirt] rbd options: where the Rbd backend keeps instance disks on a real Ceph cluster.
    public static final Option IMAGES_RBD_POOL = Option.of("libvirt", "images_rbd_pool", ValueType.STRING, "rbd",
            "The RADOS pool of instance disks (<uuid>_disk) when images_type = rbd; the seed's cluster calls it vms.");
    public static final Option IMAGES_RBD_CEPH_CONF = Option.of("libvirt", "images_rbd_ceph_conf", ValueType.STRING,
            "", "The ceph.conf of the cluster the Rbd backend uses when images_type = rbd (its mon host and keyring; "
                    + "scripts/ceph start prints one). Empty: librados' own search (/etc/ceph/ceph.conf).");
    public static final Option RBD_USER = Option.of("libvirt", "rbd_user", ValueType.STRING, null,
            "The cephx user (without client.) the Rbd backend connects as. Unset: admin.");
    public static final Option RBD_SECRET_UUID = Option.of("libvirt", "rbd_secret_uuid", ValueType.STRING, null,
            "The uuid of the libvirt secret (usage type ceph) holding rbd_user's key, for QEMU's <auth> of RBD disks.");

    public static final Option EPHEMERAL_ENCRYPTION_ENABLED = Option.of("ephemeral_storage_encryption", "enabled",
            ValueType.BOOLEAN, "false", "Whether to encrypt every root disk whose flavor and image say nothing "
                    + "about ephemeral encryption (hw:ephemeral_encryption / hw_ephemeral_encryption); an explicit "
                    + "false still boots a plain disk. With false, only the flavors and images that ask are "
                    + "encrypted (m1.tiny.luks, m1.tiny.qcow).");
    public static final Option EPHEMERAL_ENCRYPTION_FORMAT = Option.of("ephemeral_storage_encryption",
            "default_format", ValueType.choice("luks", "qcow"), "luks", "The format of an encrypted root disk whose "
                    + "flavor and image name none (hw:ephemeral_encryption_format): luks, or qcow for the legacy qcow "
                    + "AES that the lab shows to be unsafe (Nova offers luks only).");
    public static final Option EPHEMERAL_ENCRYPTION_CIPHER = Option.of("ephemeral_storage_encryption", "cipher",
            ValueType.choice("aes-xts-plain64"), "aes-xts-plain64",
            "The cipher of new LUKS root disks. novalab's LUKS writes aes-xts-plain64 only.");
    public static final Option EPHEMERAL_ENCRYPTION_KEY_SIZE = Option.of("ephemeral_storage_encryption", "key_size",
            ValueType.choice("256", "512"), "512",
            "The key length in bits of new LUKS root disks: 512 is aes-256-xts, 256 is aes-128-xts.");

    public static final Option GLANCE_NUM_RETRIES = Option.of("glance", "num_retries", ValueType.integer(0, 100),
            "3", "How many more times a failed image download into _base is tried (a broken connection, a 5xx "
                    + "answer, a body cut short), each from byte 0 after a growing pause; 0 tries once.");

    // glance_store's options (glance-api.conf [glance_store]) and Glance's [DEFAULT] show_image_direct_url.
    public static final Option GLANCE_STORES = Option.of("glance_store", "stores", ValueType.STRING, "file",
            "The image stores enabled, comma-separated: file (novalab's own pool on disk under state_path, laid out "
                    + "as Ceph lays out RBD) and rbd (a real Ceph cluster). Must list default_store.");
    public static final Option GLANCE_DEFAULT_STORE = Option.of("glance_store", "default_store",
            ValueType.choice("file", "rbd"), "file", "Where image data goes: file, novalab's on-disk pool (the "
                    + "emulation, no Ceph needed), or rbd, the pool rbd_store_pool of the Ceph cluster of "
                    + "rbd_store_ceph_conf (an RBD image named by the image id with a protected snapshot snap).");
    public static final Option RBD_STORE_POOL = Option.of("glance_store", "rbd_store_pool", ValueType.STRING,
            "images", "The RADOS pool of Glance's images when default_store = rbd (it must exist).");
    public static final Option RBD_STORE_USER = Option.of("glance_store", "rbd_store_user", ValueType.STRING, null,
            "The cephx user (without client.) Glance's store connects as. Unset: admin.");
    public static final Option RBD_STORE_CEPH_CONF = Option.of("glance_store", "rbd_store_ceph_conf",
            ValueType.STRING, "/etc/ceph/ceph.conf", "The ceph.conf of the cluster Glance's rbd store uses.");
    public static final Option RBD_STORE_CHUNK_SIZE = Option.of("glance_store", "rbd_store_chunk_size",
            ValueType.choice("4", "8", "16", "32"), "8", "The object size in MiB of new RBD images of the rbd store "
                    + "(8: the seed's 8388608-byte objects, order 23).");
    public static final Option SHOW_IMAGE_DIRECT_URL = Option.of(D, "show_image_direct_url", ValueType.BOOLEAN,
            "false", "Glance's option: image answers carry direct_url, the store location "
                    + "(rbd://<fsid>/<pool>/<id>/snap on a Ceph store), which Nova's Rbd backend clones from.");

    public static final Option DATABASE_CONNECTION = Option.of("database", "connection",
            new ValueType.DatabaseConnection(), null, "The database: a SQLAlchemy URL as Nova writes it "
                    + "(postgresql://user:password@host:5432/nova, postgresql+psycopg2://...) or a JDBC URL "
                    + "(jdbc:postgresql://host/nova, jdbc:h2:...). Unset: an H2 database of the state dir's own. "
                    + "Credentials not in the URL come from NOVALAB_DB_USER / NOVALAB_DB_PASSWORD.")
            .defaultText("<embedded H2 in state_path>").env("NOVALAB_DB_URL").flag("--db-url");

    public static final Option MASTER_KEY_FILE = Option.of("key_manager", "master_key_file", ValueType.STRING,
            "$state_path/master.key", "The key manager's master key: a 32-byte file, mode 0600, that seals every "
                    + "disk passphrase. Give every host of one deployment the same file. The default one is created "
                    + "on first start; a file named here must exist.")
            .env("NOVALAB_MASTER_KEY").flag("--master-key");

    public static final Option ADMIN_PASSWORD = Option.of("keystone", "admin_password", ValueType.STRING, null,
            "Keystone's bootstrap password of user admin (project demo). Unset: the first start generates one and "
                    + "prints it once.")
            .asSecret().env("NOVALAB_ADMIN_PASSWORD").flag("--admin-password");

    // novalab's own: Nova runs each service as a binary of its own, novalab's serve is all of them unless told
    private static final String NOVALAB = "novalab";
    public static final Option LOCAL_COMPUTE = Option.of(NOVALAB, "local_compute", ValueType.BOOLEAN, "true",
            "Whether serve runs a compute host of its own (named host). false is the api role: Keystone, Glance, the "
                    + "Nova API, conductor and scheduler only; servers are built on the compute services (novalab "
                    + "compute) registered in the shared [database] connection and reached over transport_url "
                    + "(rabbit://...), which must then both be set.");
    public static final Option HOST_ENCRYPTION = Option.of(NOVALAB, "host_encryption",
            ValueType.choice("probed", "luks", "none"), "probed",
            "What this compute host offers of the encryption its probe finds: probed (all of it), luks (LUKS only, "
                    + "as Nova offers), or none (plain disks only: a lab's host that cannot encrypt, to which the "
                    + "scheduler sends no encrypted disk; scripts/cluster up --no-luks-on K). The host reports "
                    + "its traits to match and refuses what it does not offer.");
    public static final Option CLUSTER_PATH = Option.of(NOVALAB, "cluster_path", ValueType.STRING, null,
            "novalab compute only: the directory of the deployment's on-disk storage cluster (the file store's "
                    + "images pool, the vms and volumes pools), which stands in for the one Ceph cluster every host "
                    + "shares: the api's <state_path>/pool. Required when [glance_store] default_store = file; serve "
                    + "keeps its own under state_path.")
            .defaultText("<none: required by novalab compute with the file store>");

    public static final List<Option> ALL = List.of(STATE_PATH, INSTANCES_PATH, HOST, LISTEN, LISTEN_PORT,
            TRANSPORT_URL, RPC_RESPONSE_TIMEOUT, CONTROL_EXCHANGE, FORCE_RAW_IMAGES, RECLAIM_INSTANCE_INTERVAL, RESIZE_CONFIRM_WINDOW, SHELVED_OFFLOAD_TIME,
            REPORT_INTERVAL, SERVICE_DOWN_TIME, CPU_ALLOCATION_RATIO, RAM_ALLOCATION_RATIO, DISK_ALLOCATION_RATIO,
            MAX_ATTEMPTS, ALLOW_RESIZE_TO_SAME_HOST,
            USE_JSON, RABBIT_HEARTBEAT, RABBIT_RETRY_INTERVAL, RABBIT_RETRY_BACKOFF, RABBIT_INTERVAL_MAX,
            CACHE_MANAGER_INTERVAL, CACHE_SUBDIRECTORY, REMOVE_UNUSED_BASE_IMAGES, REMOVE_UNUSED_MINIMUM_AGE,
            CONNECTION_URI, IMAGES_TYPE, EPHEMERAL_ENCRYPTION_ENABLED, EPHEMERAL_ENCRYPTION_FORMAT,
            EPHEMERAL_ENCRYPTION_CIPHER, EPHEMERAL_ENCRYPTION_KEY_SIZE, GLANCE_NUM_RETRIES,
            IMAGES_RBD_POOL, IMAGES_RBD_CEPH_CONF, RBD_USER, RBD_SECRET_UUID, GLANCE_STORES, GLANCE_DEFAULT_STORE,
            RBD_STORE_POOL, RBD_STORE_USER, RBD_STORE_CEPH_CONF, RBD_STORE_CHUNK_SIZE, SHOW_IMAGE_DIRECT_URL,
            DATABASE_CONNECTION, MASTER_KEY_FILE, ADMIN_PASSWORD, LOCAL_COMPUTE, HOST_ENCRYPTION, CLUSTER_PATH);

    private NovalabOptions() {
    }

    /** The option a file's {@code [section] name} sets, by its name or a deprecated one. */
    public static Optional<Option> named(OptionName name) {
        return ALL.stream().filter(o -> o.name().equals(name) || o.deprecated().contains(name)).findFirst();
    }

    /** The sections in the order of their first option. */
    public static List<String> sections() {
        return ALL.stream().map(o -> o.name().section()).distinct().toList();
    }

    public static Optional<Option> byFlag(String flag) {
        return ALL.stream().filter(o -> o.flag().equals(Optional.of(flag))).findFirst();
    }
}
