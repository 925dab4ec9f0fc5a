package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.UsageError;

/** The options qemu-img's read-only verbs (info, map) share: one image, its format, and the output style. */
@Parameters(separators = "=")
final class ReadImageOptions {
    @Parameter(names = "-f", description = "Image format (raw, qcow2, luks); probed when omitted")
    String format;

    @Parameter(names = "--output", description = "human or json")
    String output = "human";

    @Parameter(names = "--image-opts", description = "FILE is an option string: driver=qcow2,file.filename=X,...")
    boolean imageOpts;

    @Parameter(names = {"-U", "--force-share"}, description = "Accepted for qemu-img compatibility (novalab takes "
            + "no image locks)")
    boolean forceShare;

    @Parameter(description = "FILENAME")
    List<String> args = new ArrayList<>();

    ImageSpec image() {
        if (args.size() != 1) {
            throw new UsageError("Expecting one image file name");
        }
        return ImageSpec.of(args.get(0), format, imageOpts);
    }

    boolean json() {
        if (!"human".equals(output) && !"json".equals(output)) {
            throw new UsageError("--output must be used with human or json as argument.");
        }
        return "json".equals(output);
    }
}
