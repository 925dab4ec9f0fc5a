package org.novalab.storage.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Path;
import org.novalab.cli.HelpOption;
import org.novalab.storage.pool.Pool;
import org.novalab.storage.pool.PoolException;

/** Where the pool lives: {@code --pool-dir}, else {@code <state>/pool/<pool name>}. */
abstract class PoolOptions extends HelpOption {
    @Parameter(names = {"-p", "--pool"}, description = "Pool name")
    String poolName = "images";

    @Parameter(names = "--state", description = "novalab state directory (Nova's instances_path)")
    Path state = Path.of("instances");

    @Parameter(names = "--pool-dir", description = "Pool directory (default: <state>/pool/<pool>)")
    Path poolDir;

    /** The pool; a verb that only reads does not create it, and says where it looked, like rados does. */
    Pool pool(boolean createIfMissing) {
        Path dir = poolDir != null ? poolDir : state.resolve("pool").resolve(poolName);
        if (!createIfMissing && !java.nio.file.Files.isDirectory(dir)) {
            throw new PoolException("error opening pool " + poolName + " (" + dir + "): No such file or directory");
        }
        return Pool.open(dir, poolName);
    }
}
