package org.novalab.compute.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.SpawnRequest;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.state.TaskState;
import org.novalab.compute.state.VmState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.keys.SecretOwner;

/**
 * A server deleted by the API while its host was down (Nova's local delete: its row and its key are gone, its
 * domain still defined and running here): the host's start reaps the domain, its directory and the libvirt secret
 * its disk named, which the key manager no longer lists.
 */
class DeletedWhileDownTest {
    @TempDir
    Path dir;
    ComputeHost host;

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void the_host_starting_again_reaps_the_domain_files_and_libvirt_secret_of_a_server_deleted_meanwhile() {
        host = TestHosts.open(dir.resolve("instances"), TestCloud.create(dir.resolve("cloud")));
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        host.driver().spawn(server);
        UUID key = host.keys().list(SecretOwner.rootDisk(server.uuid())).get(0).id();
        host.keys().delete(key); // the API's local delete forgot it

        new ComputeManager("compute-1", host.driver(), new Deleted(server.uuid()),
                new BuildMetrics(new SimpleMeterRegistry()), Optional.empty(), Optional.empty()).initHost();

        assertThat(host.hypervisor().lookup(server.uuid())).as("its domain").isEmpty();
        assertThat(host.secrets().lookup(key)).as("its disk's libvirt secret").isEmpty();
        assertThat(Files.exists(dir.resolve("instances").resolve(server.uuid().toString()))).as("its directory")
                .isFalse();
    }

    @Test
    void a_domain_the_database_never_had_is_only_reported() {
        host = TestHosts.open(dir.resolve("instances"), TestCloud.create(dir.resolve("cloud")));
        SpawnRequest server = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        host.driver().spawn(server);

        new ComputeManager("compute-1", host.driver(), new Deleted(UUID.randomUUID()),
                new BuildMetrics(new SimpleMeterRegistry()), Optional.empty(), Optional.empty()).initHost();

        assertThat(host.hypervisor().lookup(server.uuid())).as("perhaps someone else's: it stays").isPresent();
    }

    /** The database after a local delete of {@code deleted}: no row of it, recorded as terminated. */
    private record Deleted(UUID deleted) implements InstanceStore {
        @Override
        public boolean advanceTask(UUID instance, TaskState expected, TaskState next) {
            return false;
        }

        @Override
        public boolean completeTask(UUID instance, TaskState expected, VmState vmState, PowerState powerState,
                                    boolean launched) {
            return false;
        }

        @Override
        public boolean refuseTask(UUID instance, TaskState expected, String why) {
            return false;
        }

        @Override
        public boolean failTask(UUID instance, TaskState expected, int code, String message) {
            return false;
        }

        @Override
        public void remove(UUID instance) {
        }

        @Override
        public List<InstanceRecord> onHost(String host) {
            return List.of();
        }

        @Override
        public boolean knows(UUID instance) {
            return false;
        }

        @Override
        public boolean wasDeleted(UUID instance) {
            return instance.equals(deleted);
        }
    }
}
