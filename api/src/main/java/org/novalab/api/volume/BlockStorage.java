package org.novalab.api.volume;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.novalab.api.persistence.Database;
import org.novalab.compute.ComputeConfig;
import org.novalab.compute.volume.FileVolumeBackend;
import org.novalab.compute.volume.RbdVolumeBackend;
import org.novalab.compute.volume.VolumeBackends;
import org.novalab.image.ImageService;
import org.novalab.keys.KeyManager;
import org.novalab.storage.directory.DirectoryCluster;

/**
 * novalab's block storage service, Cinder's api and volume halves in one process: volumes in the state dir's pool
 * {@code volumes} (the default backend, {@code rbd}) or as qcow2 files under {@code <state>/volumes} ({@code file}),
 * their passphrases in the key manager the compute hosts share.
 */
public final class BlockStorage implements AutoCloseable {
    public static final String POOL = "volumes";
    private final Database db;
    private final VolumeTypes types;
    private final Volumes volumes;
    private final VolumeWorker worker;
    private final String host;
    private final QosSpecs qos;
    private final VolumeQuotas quotas;
    private final VolumeAttachments attachments;
    private final Snapshots snapshots;

    private BlockStorage(Database db, VolumeTypes types, Volumes volumes, VolumeWorker worker, String host,
            QosSpecs qos, VolumeQuotas quotas, VolumeAttachments attachments, Snapshots snapshots) {
        this.snapshots = snapshots;
        this.attachments = attachments;
        this.qos = qos;
        this.quotas = quotas;
        this.db = db;
        this.types = types;
        this.volumes = volumes;
        this.worker = worker;
        this.host = host;
    }

    /**
     * Opens the backends under {@code stateDir} and finishes what a previous run left (see
     * {@link VolumeWorker#recover()}).
     */
    public static BlockStorage start(Path stateDir, Database db, ImageService images, KeyManager keys, String host,
            Clock clock) {
        RbdVolumeBackend rbd = new RbdVolumeBackend(DirectoryCluster.open(stateDir.resolve("pool")).createPool(POOL));
        FileVolumeBackend file = new FileVolumeBackend(stateDir.resolve("volumes"));
        VolumeBackends backends = new VolumeBackends(rbd, List.of(file));
        VolumeWorker worker = new VolumeWorker(db, backends, keys, images, stateDir.resolve("volumes"),
                ComputeConfig.LAB_LUKS, clock);
        VolumeTypes types = new VolumeTypes(db, backends, clock);
        VolumeQuotas quotas = new VolumeQuotas(db);
        Volumes volumes = new Volumes(db, types, backends, images, worker, quotas, clock);
        worker.recover();
        return new BlockStorage(db, types, volumes, worker, host, new QosSpecs(db, clock), quotas,
                new VolumeAttachments(db, backends, worker, clock), new Snapshots(db, worker, quotas, clock));
    }

    /** Cinder's attachments, as Nova's volume attach and detach use them. */
    public VolumeAttachments attachments() {
        return attachments;
    }

    Snapshots snapshots() {
        return snapshots;
    }

    VolumeTypes types() {
        return types;
    }

    QosSpecs qos() {
        return qos;
    }

    VolumeQuotas quotas() {
        return quotas;
    }

    Volumes volumes() {
        return volumes;
    }

    Database db() {
        return db;
    }

    /** The cinder-volume host name volumes report ({@code host@backend#pool}). */
    String host() {
        return host;
    }

    /** Lets running disk work finish. */
    @Override
    public void close() {
        worker.close();
    }
}
