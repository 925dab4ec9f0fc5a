package org.novalab.imagecache.cli;

import com.beust.jcommander.Parameter;
import java.nio.file.Path;
import org.novalab.cli.HelpOption;
import org.novalab.imagecache.pool.Pool;

/** Where the pool lives: {@code --pool-dir}, else {@code <state>/pool/<pool name>}. */
abstract class PoolOptions extends HelpOption {
    @Parameter(names = {"-p", "--pool"}, description = "Pool name")
    String poolName = "images";

    @Parameter(names = "--state", description = "novalab state directory (Nova's instances_path)")
    Path state = Path.of("instances");

    @Parameter(names = "--pool-dir", description = "Pool directory (default: <state>/pool/<pool>)")
    Path poolDir;

    Pool pool() {
        return Pool.open(poolDir != null ? poolDir : state.resolve("pool").resolve(poolName), poolName);
    }
}
