package org.novalab.cli;

import java.util.List;
import org.novalab.fixture.FixtureCommand;

/** The {@code novalab} command: every verb group of every module, wired in one place. */
public final class Main {
    private Main() {
    }

    public static Cli cli() {
        return new Cli(List.of(new org.novalab.disk.cli.ImgCommands(),
                new org.novalab.imagecache.cli.CacheCommands(org.novalab.disk.Disks::java)),
                List.of(new FixtureCommand(),
                        new org.novalab.imagecache.cli.RadosCommand(),
                        new org.novalab.imagecache.cli.RbdCommand()));
    }

    public static void main(String[] args) {
        int status = cli().run(args, Console.system());
        System.out.flush();
        System.exit(status);
    }
}
