package org.novalab.storage.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.novalab.cli.HelpOption;
import org.novalab.storage.Cluster;
import org.novalab.storage.ClusterConnector;
import org.novalab.storage.Pool;
import org.novalab.storage.StorageException;
import org.novalab.storage.directory.DirectoryCluster;

/** Where the pools live: {@code <state>/pool/<pool name>}, or {@code --pool-dir} for the {@code -p} pool. */
abstract class PoolOptions extends HelpOption {
    @Parameter(names = {"-p", "--pool"}, description = "Pool name")
    String poolName = "images";

    @Parameter(names = "--state", description = "novalab state directory (Nova's instances_path), the one novalab "
            + "serve uses (env NOVALAB_STATE; default instances/)")
    Path state;

    @Parameter(names = "--pool-dir", description = "Pool directory (default: <state>/pool/<pool>)")
    Path poolDir;

    @Parameter(names = {"-c", "--conf"}, description = "A real Ceph cluster's ceph.conf: the pools are that cluster's "
            + "(through librados), not the state dir's")
    Path cephConf;

    @Parameter(names = {"--id", "--user"}, description = "cephx user for -c (default admin)")
    String cephUser = "admin";

    /** The same state dir {@code novalab serve} picks: the option, else NOVALAB_STATE, else {@code instances/}. */
    Path stateDir() {
        return state != null ? state : Path.of(System.getenv().getOrDefault("NOVALAB_STATE", "instances"));
    }

    Cluster cluster() {
        if (cephConf != null) {
            ClusterConnector connector = ServiceLoader.load(ClusterConnector.class).findFirst().orElseThrow(
                    () -> new StorageException("this novalab has no Ceph client (module novalab-ceph) for -c"));
            return connector.connect(cephConf, cephUser);
        }
        DirectoryCluster cluster = DirectoryCluster.open(stateDir().resolve("pool"));
        return poolDir == null ? cluster : cluster.withPoolDir(poolName, poolDir);
    }

    /** The {@code -p} pool; a verb that only reads does not create it, and says where it looked, like rados does. */
    Pool pool(boolean createIfMissing) {
        return pool(poolName, createIfMissing);
    }

    Pool pool(String name, boolean createIfMissing) {
        Cluster cluster = cluster();
        return createIfMissing ? cluster.createPool(name) : cluster.openPool(name);
    }
}
