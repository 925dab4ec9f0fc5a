package org.novalab.disk.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.convert.ImageConverter;

@Parameters(separators = "=", commandNames = "convert", commandDescription = "Copy an image (through its backing chain, decrypted) "
        + "into a new standalone image, like qemu-img convert: convert [-f FMT] -O qcow2|raw|luks [-o "
        + "encryption=on,encrypt.format=luks|aes,encrypt.key-secret=ID,cluster_size=..] [--object secret,...] "
        + "[--image-opts] FILENAME OUTPUT_FILENAME. All-zero clusters are skipped, so the output is sparse")
final class ConvertCommand extends ImgVerb {
    @Parameter(names = "-f", description = "Source format; probed when omitted")
    String format;

    @Parameter(names = "-O", description = "Output format: raw (default), qcow2 or luks")
    String outputFormat = "raw";

    @Parameter(names = "-o", splitter = WholeValue.class, description = "Options of the new image, qemu-img style; repeatable")
    List<String> options = new ArrayList<>();

    @Parameter(names = "--image-opts", description = "SRC is an option string: driver=qcow2,file.filename=X,"
            + "encrypt.key-secret=ID[,backing.encrypt.key-secret=ID]")
    boolean imageOpts;

    @Parameter(names = {"-p"}, description = "Show progress on standard output, as qemu-img does")
    boolean progress;

    @Parameter(names = {"-q"}, description = "Quiet")
    boolean quiet;

    @Parameter(names = {"-c"}, description = "Compress (not supported: refused)")
    boolean compress;

    @Parameter(names = "-t", description = "Target cache mode; accepted for qemu-img compatibility (novalab syncs "
            + "the finished file before renaming it into place)")
    String cacheMode;

    @Parameter(names = "-T", description = "Source cache mode; accepted for qemu-img compatibility")
    String sourceCacheMode;

    @Parameter(names = {"-U", "--force-share"}, description = "Accepted for qemu-img compatibility (novalab takes "
            + "no image locks)")
    boolean forceShare;

    @Parameter(description = "FILENAME OUTPUT_FILENAME")
    List<String> args = new ArrayList<>();

    @Override
    public int run(Console console) {
        if (args.size() != 2) {
            throw new UsageError("Expecting one source and one target image");
        }
        if (compress) {
            throw new UsageError("compressed output (-c) is not supported");
        }
        ImageSpec source = ImageSpec.of(args.get(0), format, imageOpts);
        ImageFormat out = ImageFormat.fromQemuName(outputFormat);
        LinkedHashMap<String, String> o = QemuOptions.parse(options);
        if (o.containsKey("backing_file")) {
            throw new UsageError("convert writes standalone images; backing_file is not supported");
        }
        NewImageOptions.check(o, out);
        int clusterSize = o.containsKey("cluster_size") ? (int) Sizes.parse(o.get("cluster_size"))
                : CreateOptions.DEFAULT_CLUSTER_SIZE;
        long size = o.containsKey("size") ? Sizes.parse(o.get("size")) : 0;
        try (SecretObjects secrets = secrets()) {
            var keys = source.keys(secrets);
            EncryptionSpec enc = EncryptionOptions.from(o, out, args.get(1), secrets, console, true);
            CreateOptions create = new CreateOptions(out, size, null, null, clusterSize, enc);
            if (progress && !quiet) {
                ProgressLine line = new ProgressLine(console.out());
                line.start();
                boolean completed = false;
                try {
                    ImageConverter.convert(source.path(), source.format(), keys, Path.of(args.get(1)), create,
                            line);
                    completed = true;
                } finally {
                    line.end(completed);
                }
            } else {
                tool().convert(source.path(), source.format(), keys, Path.of(args.get(1)), create);
            }
        }
        return 0;
    }
}
