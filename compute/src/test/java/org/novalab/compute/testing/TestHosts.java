package org.novalab.compute.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.novalab.compute.BackendKind;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.ComputeHost;
import org.novalab.compute.DiskCreation;
import org.novalab.compute.EncryptionChoice;
import org.novalab.compute.Flavor;
import org.novalab.compute.SpawnRequest;
import org.novalab.keys.EmbeddedKeyManager;

/** Compute hosts on {@code test:///default} with the real disk library and image cache, and requests for them. */
public final class TestHosts {
    public static final Flavor M1_TINY = new Flavor("1", "m1.tiny", 1, 64, 1, Map.of());

    private TestHosts() {
    }

    public static ComputeHost open(Path instancesDir, TestCloud cloud) {
        return open(ComputeConfig.defaults(instancesDir), cloud);
    }

    /** Wired as the api wires it, with the lab's key manager (master key and passphrase file in the state dir). */
    public static ComputeHost open(ComputeConfig config, TestCloud cloud) {
        return ComputeHost.open(config, cloud.cache(config.instancesDir()), cloud.rbd(),
                EmbeddedKeyManager.inStateDir(config.instancesDir()));
    }

    public static SpawnRequest request(BackendKind backend, EncryptionChoice encryption, DiskCreation creation) {
        return request(TestCloud.FIXTURE, backend, encryption, creation);
    }

    public static SpawnRequest request(String image, BackendKind backend, EncryptionChoice encryption,
                                       DiskCreation creation) {
        // domain names must be unique: every test:///default connection in this JVM shares one state
        long number = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
        return new SpawnRequest(UUID.randomUUID(), number, "vm-" + number, M1_TINY, image, Map.of(), backend, creation,
                encryption, Optional.empty());
    }
}
