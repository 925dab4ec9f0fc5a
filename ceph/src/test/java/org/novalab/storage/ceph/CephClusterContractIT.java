package org.novalab.storage.ceph;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.storage.Cluster;
import org.novalab.storage.StoragePoolContract;

/**
 * The storage contract on a real Ceph cluster: a private one started with scripts/ceph for this class. Each test
 * gets a new connection and a cluster without pools (the previous test's are deleted), as the contract asks.
 */
@Tag("integration")
class CephClusterContractIT extends StoragePoolContract {
    @TempDir
    static Path dir;
    private static PrivateCeph ceph;
    private static CephCluster admin;
    private CephCluster connection;

    @BeforeAll
    static void startCluster() throws Exception {
        ceph = PrivateCeph.start(dir.resolve("ceph"), "");
        admin = CephCluster.connect(ceph.admin());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (ceph != null) {
            ceph.close();
        }
    }

    @Override
    protected Cluster newCluster() {
        connection = CephCluster.connect(ceph.admin());
        return connection;
    }

    @AfterEach
    void deletePools() {
        if (connection != null) {
            connection.close();
        }
        for (String pool : admin.listPools()) {
            admin.deletePool(pool);
        }
    }
}
