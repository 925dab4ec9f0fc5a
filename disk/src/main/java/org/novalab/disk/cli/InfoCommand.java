package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.info.ImageInspector;
import org.novalab.disk.info.InfoPrinter;

@Parameters(separators = "=", commandNames = "info", commandDescription = "Show an image's format, sizes, backing file and "
        + "encryption, like qemu-img info (no passphrase needed)")
final class InfoCommand extends ImgVerb {
    @Parameter(names = "-f", description = "Image format (raw, qcow2, luks); probed when omitted")
    String format;

    @Parameter(names = "--output", description = "human or json")
    String output = "human";

    @Parameter(names = "--image-opts", description = "FILE is an option string: driver=qcow2,file.filename=X,...")
    boolean imageOpts;

    @Parameter(description = "FILE")
    List<String> args = new ArrayList<>();

    @Override
    public int run(Console console) {
        if (args.size() != 1) {
            throw new UsageError("Expecting one image file name");
        }
        ImageSpec spec = ImageSpec.of(args.get(0), format, imageOpts);
        var info = ImageInspector.info(spec.path(), spec.format());
        switch (output) {
            case "human" -> console.out().print(InfoPrinter.text(info));
            case "json" -> console.out().print(InfoPrinter.json(info));
            default -> throw new UsageError("--output must be used with human or json as argument.");
        }
        return 0;
    }
}
