package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.chain.ImageChain;

@Parameters(separators = "=", commandNames = "resize", commandDescription = "Grow an image to SIZE or by +SIZE, like qemu-img resize "
        + "(shrinking is refused)")
final class ResizeCommand extends ImgVerb {
    @Parameter(names = "-f", description = "Image format; probed when omitted")
    String format;

    @Parameter(names = "--image-opts", description = "FILE is an option string: driver=qcow2,file.filename=X,...")
    boolean imageOpts;

    @Parameter(names = "--shrink", description = "Accepted for qemu-img compatibility; shrinking qcow2 is refused")
    boolean shrink;

    @Parameter(description = "FILENAME [+|-]SIZE")
    List<String> args = new ArrayList<>();

    @Override
    public int run(Console console) {
        if (args.size() != 2) {
            throw new UsageError("Expecting image file name and size");
        }
        ImageSpec spec = ImageSpec.of(args.get(0), format, imageOpts);
        String sizeArg = args.get(1);
        long current;
        try (ImageChain chain = ImageChain.open(spec.path(), spec.format(), KeyLookup.NONE, false, false)) {
            current = chain.top().size();
        }
        long newSize;
        if (sizeArg.startsWith("+")) {
            newSize = current + Sizes.parse(sizeArg.substring(1));
        } else if (sizeArg.startsWith("-")) {
            newSize = current - Sizes.parse(sizeArg.substring(1));
        } else {
            newSize = Sizes.parse(sizeArg);
        }
        if (newSize < current && !shrink) {
            throw new UsageError("Use the --shrink option to perform a shrink operation.");
        }
        tool().resize(spec.path(), newSize, KeyLookup.NONE);
        console.out().println("Image resized.");
        return 0;
    }
}
