package org.novalab.storage.ceph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.storage.StorageException;

/**
 * A cluster nobody answers for fails within the connect timeout (librados' client_mount_timeout), with an error
 * that says which configuration and user, instead of librados' 300 s default. Needs librados2, no cluster.
 */
@Tag("integration")
class CephUnreachableIT {
    @TempDir
    Path dir;

    @Test
    void an_unreachable_monitor_fails_in_seconds_naming_the_conf_and_the_user() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();    // closed again: nothing listens there
        }
        Path conf = dir.resolve("ceph.conf");
        Files.writeString(conf, "[global]\nmon host = 127.0.0.1:" + port + "\nauth client required = none\n"
                + "[client]\nlog file =\nadmin socket =\n");
        CephClientConfig config = new CephClientConfig(conf, "client.glance", Duration.ofSeconds(2),
                Duration.ofSeconds(2));

        long started = System.nanoTime();
        assertThatThrownBy(() -> CephCluster.connect(config)).isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot connect to the Ceph cluster of " + conf + " as client.glance within 2 s");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void a_missing_conf_file_is_a_clear_error_before_librados_is_asked() {
        assertThatThrownBy(() -> CephCluster.connect(new CephClientConfig(dir.resolve("nope.conf"), "admin")))
                .isInstanceOf(StorageException.class).hasMessageContaining("cannot read the Ceph configuration");
    }
}
