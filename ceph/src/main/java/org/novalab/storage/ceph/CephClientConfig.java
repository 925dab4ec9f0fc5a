package org.novalab.storage.ceph;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Ceph cluster, in Glance's and Nova's words: a {@code ceph.conf} ({@code rbd_store_ceph_conf},
 * {@code images_rbd_ceph_conf}) whose {@code mon host} and keyring the client reads, the cephx user
 * ({@code rbd_store_user}, {@code rbd_user}; {@code admin} or {@code client.admin} alike) and how long a connection
 * may take. librados waits 300 s for an unreachable monitor and forever for a stuck OSD by default; these
 * bounds make a dead cluster an error within seconds.
 *
 * @param connectTimeout librados' {@code client_mount_timeout}
 * @param operationTimeout {@code rados_mon_op_timeout} and {@code rados_osd_op_timeout}
 */
public record CephClientConfig(Path confFile, String user, Duration connectTimeout, Duration operationTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);

    public CephClientConfig {
        Objects.requireNonNull(confFile, "confFile");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a Ceph user is needed (e.g. admin, glance, cinder)");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || operationTimeout.isNegative()
                || operationTimeout.isZero()) {
            throw new IllegalArgumentException("Ceph timeouts must be positive");
        }
    }

    public CephClientConfig(Path confFile, String user) {
        this(confFile, user, DEFAULT_CONNECT_TIMEOUT, DEFAULT_OPERATION_TIMEOUT);
    }

    /** The id librados takes ({@code rados_create}): the user without its {@code client.} type. */
    public String clientId() {
        return user.startsWith("client.") ? user.substring("client.".length()) : user;
    }
}
