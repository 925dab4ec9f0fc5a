package org.novalab.storage.ceph;

import java.nio.file.Path;
import org.novalab.storage.Cluster;
import org.novalab.storage.ClusterConnector;

/** The rados and rbd verbs' {@code -c ceph.conf}: a librados connection, ended when the process exits. */
public final class CephConnector implements ClusterConnector {
    @Override
    public Cluster connect(Path confFile, String user) {
        CephCluster cluster = CephCluster.connect(new CephClientConfig(confFile, user));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "ceph-shutdown"));
        return cluster;
    }
}
