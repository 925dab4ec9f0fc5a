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

    @Parameter(names = "--backing-chain", description = "Show every file of the backing chain, top first")
    boolean backingChain;

    @Parameter(names = {"-U", "--force-share"}, description = "Accepted for qemu-img compatibility (novalab takes "
            + "no image locks)")
    boolean forceShare;

    @Parameter(description = "FILE")
    List<String> args = new ArrayList<>();

    @Override
    public int run(Console console) {
        if (args.size() != 1) {
            throw new UsageError("Expecting one image file name");
        }
        ImageSpec spec = ImageSpec.of(args.get(0), format, imageOpts);
        if (!"human".equals(output) && !"json".equals(output)) {
            throw new UsageError("--output must be used with human or json as argument.");
        }
        boolean json = "json".equals(output);
        if (backingChain) {
            var chain = ImageInspector.chain(spec.path(), spec.format());
            console.out().print(json ? InfoPrinter.chainJson(chain) : InfoPrinter.chainText(chain));
        } else {
            var info = ImageInspector.info(spec.path(), spec.format());
            console.out().print(json ? InfoPrinter.json(info) : InfoPrinter.text(info));
        }
        return 0;
    }
}
