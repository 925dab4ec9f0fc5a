package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.check.ImageCheck;

@Parameters(separators = "=", commandNames = "check", commandDescription = "Check a qcow2 image's metadata for corruptions and leaked "
        + "clusters, like qemu-img check (exit 0 clean, 2 corruptions, 3 leaks)")
final class CheckCommand extends ImgVerb {
    @Parameter(names = "-f", description = "Image format; probed when omitted")
    String format;

    @Parameter(names = "--image-opts", description = "FILE is an option string: driver=qcow2,file.filename=X,...")
    boolean imageOpts;

    @Parameter(names = {"-q"}, description = "Quiet")
    boolean quiet;

    @Parameter(names = {"-U", "--force-share"}, description = "Accepted for qemu-img compatibility (novalab takes "
            + "no image locks)")
    boolean forceShare;

    @Parameter(description = "FILENAME")
    List<String> args = new ArrayList<>();

    @Override
    public int run(Console console) {
        if (args.size() != 1) {
            throw new UsageError("Expecting one image file name");
        }
        ImageSpec spec = ImageSpec.of(args.get(0), format, imageOpts);
        ImageCheck check = ImageCheck.check(spec.path(), spec.format());
        check.messages().forEach(console.err()::println);
        if (!quiet) {
            console.out().print(check.text());
        }
        return check.exitStatus();
    }
}
