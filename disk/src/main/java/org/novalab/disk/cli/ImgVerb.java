package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Command;
import org.novalab.cli.HelpOption;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;

/** What every {@code novalab img} verb shares: secrets ({@code --object}) and the Java disk tool. */
abstract class ImgVerb extends HelpOption implements Command {
    @Parameter(names = "--object", splitter = WholeValue.class, description = "secret,id=ID,data=VALUE or secret,id=ID,file=PATH "
            + "(a secret that key-secret options name); repeatable")
    List<String> objects = new ArrayList<>();

    DiskTool tool() {
        return Disks.java();
    }

    SecretObjects secrets() {
        return SecretObjects.parse(objects);
    }
}
