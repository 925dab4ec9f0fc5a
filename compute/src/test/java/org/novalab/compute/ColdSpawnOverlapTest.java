package org.novalab.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.compute.state.PowerState;
import org.novalab.compute.testing.TestCloud;
import org.novalab.compute.testing.TestHosts;
import org.novalab.disk.Disks;
import org.novalab.imagecache.BaseImage;
import org.novalab.imagecache.BaseImages;
import org.novalab.imagecache.ImageFetchFailed;
import org.novalab.keys.SecretOwner;

/**
 * A cold spawn makes the parts that do not need the base (instance directory, passphrase, libvirt secret, XML and
 * metadata files) while the base streams in, and a fetch that fails then still leaves nothing of them behind. The
 * image cache here waits, inside its fetch, until those parts exist: without the overlap it would wait forever.
 */
class ColdSpawnOverlapTest {
    @TempDir
    static Path shared;
    static TestCloud cloud;
    @TempDir
    Path instances;
    ComputeHost host;

    @BeforeAll
    static void cloud() {
        cloud = TestCloud.create(shared);
    }

    @BeforeEach
    void open() {
        host = TestHosts.open(instances, cloud);
    }

    @AfterEach
    void close() {
        host.close();
    }

    /** A fetch that first waits for the spawn's other parts of instance {@code uuid}, then does {@code then}. */
    private BaseImages waitingFor(UUID uuid, BaseImages then) {
        return imageId -> {
            Path dir = instances.resolve(uuid.toString());
            // the last of the other steps' writes: the libvirt secret's xml beside the domain's, and the key's row
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(Files.exists(dir.resolve("libvirt.xml")) && Files.exists(dir.resolve("secret.xml"))
                    && !host.keys().list(SecretOwner.rootDisk(uuid)).isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the spawn waited for the base before making its other parts");
                }
                pause();
            }
            assertThat(host.secrets().list()).as("the libvirt secret is defined during the fetch").isNotEmpty();
            return then.fetchToBase(imageId);
        };
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private ComputeDriver driverWith(BaseImages images) {
        return new ComputeDriver(host.driver().config(), images, host.hypervisor(), host.secrets(), host.keys(),
                Disks.java());
    }

    @Test
    void theSecretTheKeyAndTheFilesAreMadeWhileTheBaseStreamsIn() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        ComputeDriver driver = driverWith(waitingFor(req.uuid(), cloud.cache(instances)));

        SpawnResult result = driver.spawn(req);

        assertThat(result.state()).isEqualTo(PowerState.RUNNING);
        assertThat(result.console()).contains(org.novalab.fixture.FixtureGuest.BANNER);
        BaseImage base = cloud.cache(instances).fetchToBase(TestCloud.FIXTURE);
        assertThat(base.fetched()).as("fetched once, by the spawn").isFalse();
    }

    @Test
    void aFetchThatFailsAfterTheOtherPartsWereMadeLeavesNoSecretNoKeyNoDirectory() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.luks(), DiskCreation.BACKING_FILE);
        int secretsBefore = host.secrets().list().size();
        ComputeDriver driver = driverWith(waitingFor(req.uuid(), imageId -> {
            throw new ImageFetchFailed("image " + imageId + " failed verification: sha512 hash is 00, Glance says 11");
        }));

        assertThatThrownBy(() -> driver.spawn(req)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("sha512 hash");

        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
        assertThat(host.keys().list(SecretOwner.rootDisk(req.uuid()))).isEmpty();
        assertThat(host.secrets().list()).hasSize(secretsBefore);
        assertThat(host.hypervisor().lookup(req.domainName())).isEmpty();
    }

    @Test
    void anUnencryptedSpawnWritesItsFilesWhileTheBaseStreamsInToo() {
        SpawnRequest req = TestHosts.request(BackendKind.QCOW2, EncryptionChoice.NONE, DiskCreation.BACKING_FILE);
        ComputeDriver driver = driverWith(imageId -> {
            Path xml = instances.resolve(req.uuid().toString()).resolve("libvirt.xml");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(xml)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the spawn waited for the base before writing its files");
                }
                pause();
            }
            throw new ImageFetchFailed("image " + imageId + " cannot be fetched");
        });

        assertThatThrownBy(() -> driver.spawn(req)).isInstanceOf(ImageFetchFailed.class);
        assertThat(instances.resolve(req.uuid().toString())).doesNotExist();
    }
}
