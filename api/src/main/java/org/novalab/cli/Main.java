package org.novalab.cli;

import java.util.List;
import org.novalab.fixture.FixtureCommand;

/** The {@code novalab} command: every verb group of every module, wired in one place. */
public final class Main {
    private Main() {
    }

    public static Cli cli() {
        return new Cli(List.of(new org.novalab.api.virsh.cli.VirshGroup()), List.of(new FixtureCommand()));
    }

    public static void main(String[] args) {
        int status = cli().run(args, Console.system());
        System.out.flush();
        System.exit(status);
    }
}
