package org.novalab.imagecache.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.HelpOption;
import org.novalab.cli.UsageError;
import org.novalab.disk.DiskTool;
import org.novalab.imagecache.AgingReport;
import org.novalab.imagecache.BaseUsageScanner;
import org.novalab.imagecache.CacheConfig;
import org.novalab.imagecache.ImageCacheManager;

@Parameters(commandNames = "clean", commandDescription = "Remove _base files that back no instance disk "
        + "(instances/*/disk*) and were unused for --min-age seconds; print removed/kept/in use")
public final class CacheCleanCommand extends HelpOption implements Command {
    private final Supplier<DiskTool> diskTool;

    @Parameter(names = "--state", description = "novalab state directory (Nova's instances_path)")
    private Path state = Path.of("instances");

    @Parameter(names = "--min-age", description = "remove_unused_original_minimum_age_seconds")
    private long minAgeSeconds = 86400;

    public CacheCleanCommand(Supplier<DiskTool> diskTool) {
        this.diskTool = diskTool;
    }

    @Override
    public int run(Console console) {
        if (minAgeSeconds < 0) {
            throw new UsageError("--min-age must be >= 0, got " + minAgeSeconds);
        }
        CacheConfig config = CacheConfig.defaults(state).withMinimumUnusedAge(Duration.ofSeconds(minAgeSeconds));
        Set<Path> inUse = new BaseUsageScanner(diskTool.get()).basesInUse(state);
        AgingReport report = new ImageCacheManager(config).clean(inUse, Instant.now());
        report.removed().forEach(p -> console.out().println("removed " + p));
        report.kept().forEach(p -> console.out().println("kept    " + p));
        report.inUse().forEach(p -> console.out().println("in use  " + p));
        console.out().println(report.summary());
        return 0;
    }
}
