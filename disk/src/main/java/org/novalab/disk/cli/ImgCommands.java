package org.novalab.disk.cli;

import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.CommandGroup;

/** {@code novalab img}: qemu-img's verbs, in Java, accepting qemu-img's own syntax. */
public final class ImgCommands implements CommandGroup {
    @Override
    public String name() {
        return "img";
    }

    @Override
    public String description() {
        return "Disk images like qemu-img (create, convert, info, check, resize, map) in pure Java: qcow2, raw, "
                + "legacy AES and LUKS";
    }

    @Override
    public List<Command> commands() {
        return List.of(new CreateCommand(), new ConvertCommand(), new InfoCommand(), new CheckCommand(),
                new ResizeCommand(), new MapCommand());
    }
}
