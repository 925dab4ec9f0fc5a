package org.novalab.storage;

import java.nio.file.Path;

/**
 * How the {@code rados} and {@code rbd} verbs reach a real cluster ({@code -c ceph.conf}) without storage depending
 * on a native binding: the module that has one (ceph) registers an implementation in {@code META-INF/services}.
 */
public interface ClusterConnector {
    /** Connects to the cluster of {@code confFile} as cephx user {@code user} ({@code admin}, {@code client.glance}). */
    Cluster connect(Path confFile, String user);
}
