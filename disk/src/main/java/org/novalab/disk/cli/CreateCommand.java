package org.novalab.disk.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.chain.ImageChain;

@Parameters(separators = "=", commandNames = "create", commandDescription = "Create a new image, like qemu-img create: "
        + "create -f qcow2 [-b BACKING -F FMT] [-o backing_file=..,backing_fmt=..,encryption=on,"
        + "encrypt.format=luks|aes,encrypt.key-secret=ID,encrypt.iter-time=MS,encrypt.iter-count=N,"
        + "cluster_size=..,size=..] [--object secret,id=ID,data=..] FILENAME [SIZE]")
final class CreateCommand extends ImgVerb {
    @Parameter(names = "-f", description = "Format of the new image: qcow2, raw or luks")
    String format = "raw";

    @Parameter(names = "-b", description = "Backing file (relative names are relative to the new image's directory)")
    String backing;

    @Parameter(names = "-F", description = "Format of the backing file")
    String backingFormat;

    @Parameter(names = "-o", splitter = WholeValue.class, description = "Comma-separated options, qemu-img style; repeatable")
    List<String> options = new ArrayList<>();

    @Parameter(names = {"-q"}, description = "Quiet: do not print the Formatting line")
    boolean quiet;

    @Parameter(names = {"-u"}, description = "Accepted for qemu-img compatibility (the backing file is opened "
            + "only to learn its size when SIZE is omitted)")
    boolean unsafe;

    @Parameter(description = "FILENAME [SIZE]")
    List<String> args = new ArrayList<>();

    @Override
    public int run(Console console) {
        if (args.isEmpty() || args.size() > 2) {
            throw new UsageError("Expecting image file name");
        }
        LinkedHashMap<String, String> o = QemuOptions.parse(options);
        ImageFormat fmt = ImageFormat.fromQemuName(format);
        String file = args.get(0);
        String backingFile = backing != null ? backing : o.get("backing_file");
        String backingFmt = backingFormat != null ? backingFormat : o.get("backing_fmt");
        long size = args.size() == 2 ? Sizes.parse(args.get(1)) : o.containsKey("size") ? Sizes.parse(o.get("size"))
                : -1;
        int clusterSize = o.containsKey("cluster_size") ? (int) Sizes.parse(o.get("cluster_size"))
                : CreateOptions.DEFAULT_CLUSTER_SIZE;
        if (backingFile != null && fmt != ImageFormat.QCOW2) {
            throw new UsageError("Backing file not supported for file format '" + fmt.qemuName() + "'");
        }
        NewImageOptions.check(o, fmt);
        try (SecretObjects secrets = secrets()) {
            EncryptionSpec enc = EncryptionOptions.from(o, fmt, file, secrets, console, false);
            CreateOptions create = new CreateOptions(fmt, size, backingFile,
                    backingFmt == null ? null : ImageFormat.fromQemuName(backingFmt), clusterSize, enc);
            if (backingFile != null && size < 0) {
                create = create.withSize(0);
            }
            Path path = Path.of(file);
            tool().create(path, create);
            if (!quiet) {
                long finalSize;
                try (ImageChain chain = ImageChain.open(path, fmt, KeyLookup.NONE, false, false)) {
                    finalSize = chain.top().size();
                }
                console.out().println(FormattingLine.of(file, fmt, o, finalSize, clusterSize, backingFile,
                        backingFmt));
            }
        }
        return 0;
    }
}
