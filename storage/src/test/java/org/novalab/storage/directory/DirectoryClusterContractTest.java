package org.novalab.storage.directory;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.storage.Cluster;
import org.novalab.storage.StoragePoolContract;

/** The directory cluster keeps the storage contract. */
class DirectoryClusterContractTest extends StoragePoolContract {
    @TempDir
    Path dir;

    @Override
    protected Cluster newCluster() {
        return DirectoryCluster.open(dir.resolve("pool"));
    }
}
