package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.map.ImageMapper;
import org.novalab.disk.map.MapExtent;
import org.novalab.disk.map.MapPrinter;

@Parameters(separators = "=", commandNames = "map", commandDescription = "Show which guest ranges come from which file of the "
        + "backing chain, like qemu-img map")
final class MapCommand extends ImgVerb {
    @Parameter(names = "-f", description = "Image format; probed when omitted")
    String format;

    @Parameter(names = "--output", description = "human or json")
    String output = "human";

    @Parameter(names = "--image-opts", description = "FILE is an option string: driver=qcow2,file.filename=X,...")
    boolean imageOpts;

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
        List<MapExtent> extents;
        try (ImageChain chain = ImageChain.open(spec.path(), spec.format(), KeyLookup.NONE, false, false)) {
            extents = ImageMapper.extents(chain);
        }
        switch (output) {
            case "human" -> console.out().print(MapPrinter.text(extents));
            case "json" -> console.out().print(MapPrinter.json(extents));
            default -> throw new UsageError("--output must be used with human or json as argument.");
        }
        return 0;
    }
}
