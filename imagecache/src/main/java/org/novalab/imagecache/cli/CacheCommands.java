package org.novalab.imagecache.cli;

import java.util.List;
import java.util.function.Supplier;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;
import org.novalab.disk.DiskTool;

/** {@code novalab cache ...}: Nova's {@code _base} image cache. */
public final class CacheCommands implements CommandGroup {
    private final Supplier<DiskTool> diskTool;

    /** The CLI's instance (registered as a service): the pure-Java disk library reads the disk headers. */
    public CacheCommands() {
        this(org.novalab.disk.Disks::java);
    }

    /** @param diskTool reads instance disk headers to find the bases in use */
    public CacheCommands(Supplier<DiskTool> diskTool) {
        this.diskTool = diskTool;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public String description() {
        return "Nova's _base image cache: remove base images no instance disk uses";
    }

    @Override
    public List<Command> commands() {
        return List.of(new CacheCleanCommand(diskTool));
    }
}
