package org.novalab.lab.cli;

import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;

/** {@code novalab lab VERB}: the classroom experiments. */
public final class LabGroup implements CommandGroup {
    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String description() {
        return "classroom experiments: backing-vs-convert reproduces the seed's encryption experiments and explains them";
    }

    @Override
    public List<Command> commands() {
        return List.of(new BackingVsConvertCommand());
    }
}
