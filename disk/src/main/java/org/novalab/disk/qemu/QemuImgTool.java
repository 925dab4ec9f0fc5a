package org.novalab.disk.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.novalab.disk.CheckReport;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskException;
import org.novalab.disk.DiskTool;
import org.novalab.disk.EncryptionFormat;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;

/**
 * The {@link DiskTool} operations done by the real {@code qemu-img}, run the way Nova and CloudStack run it.
 *
 * <p>Secrets: a passphrase reaches qemu-img only as {@code --object secret,id=secN,file=KEYFILE} plus an
 * {@code encrypt.key-secret=secN} reference (in {@code -o} for the image being written, in {@code --image-opts}
 * for the images being read, one per encrypted layer of a backing chain). Never {@code data=}: the argv is
 * visible in {@code ps}. Key files are 0600 in a private 0700 directory under {@code /dev/shm} when present,
 * deleted when the call returns, whether qemu-img succeeded or not. qemu-img's stderr becomes the exception
 * message, scrubbed of the call's passphrases.
 *
 * <p>New files ({@code create}, {@code convert}) are written under a hidden temporary name in the target's
 * directory, fsynced and renamed into place; {@code resize} changes the image in place, as qemu-img does.
 *
 * <p>LUKS key slots: qemu-img 7.2 takes {@code encrypt.iter-time} (milliseconds of PBKDF2, calibrated by a
 * benchmark) and has no option for an explicit iteration count. {@link LuksParams#iterTimeMillis()} is passed
 * through; a {@link LuksParams#iterations()} count cannot be honoured exactly, so it becomes the cheapest
 * calibration, {@value #ITER_TIME_FOR_EXPLICIT_ITERATIONS_MS} ms (qemu never goes below 1000 iterations; read
 * the real count from {@code info}'s {@code encrypt.slots[0].iters}). That benchmark costs a fixed ~2.3 s per
 * LUKS create here and, on a VM with a coarse per-thread CPU clock, fails immediately with "Unable to get
 * accurate CPU usage" when its first timing round ends within one clock tick: one run in four to eight on a
 * busy machine, up to one in two on an idle one (measured: 5 of 12). That exact failure costs ~10 ms and is
 * retried up to {@value #CPU_USAGE_RETRIES} times; any other failure is reported at once.
 */
public final class QemuImgTool implements DiskTool {
    public static final int CPU_USAGE_RETRIES = 10;
    public static final int ITER_TIME_FOR_EXPLICIT_ITERATIONS_MS = 10;
    private static final Pattern VERSION = Pattern.compile("qemu-img version (\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final int CHECK_CORRUPTIONS = 2;
    private static final int CHECK_LEAKS = 3;
    private static final int CHECK_NOT_SUPPORTED = 63;

    private final Path binary;
    private final Path keyFileBase;
    private final QemuImgRunner runner;

    /**
     * @param keyFileBase where key files' private directories are made (tests pass their own to prove cleanup)
     * @param listener    sees every command before it runs (logging, tests); it never sees a passphrase
     */
    public QemuImgTool(Path binary, Path keyFileBase, Consumer<QemuImgCommand> listener) {
        this.binary = binary;
        this.keyFileBase = keyFileBase;
        this.runner = new QemuImgRunner(listener);
    }

    public QemuImgTool(Path binary) {
        this(binary, KeyFile.defaultBase(), command -> { });
    }

    /** The {@code qemu-img} found on {@code PATH}. */
    public static QemuImgTool onPath() {
        return new QemuImgTool(locate());
    }

    public static Path locate() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/usr/local/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "qemu-img");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new DiskException("qemu-img is not installed (Debian package qemu-utils)");
    }

    public Path binary() {
        return binary;
    }

    /** The host capability probe: qemu-img's version and whether it creates LUKS (and legacy AES) in qcow2. */
    public QemuImgCapabilities probe() {
        QemuImgResult version = succeed(command("--version").build(), s -> s);
        Matcher m = VERSION.matcher(version.stdout());
        if (!m.find()) {
            throw new DiskException("cannot read qemu-img's version from: " + version.stdout().lines().findFirst()
                    .orElse(""));
        }
        QemuImgResult help = succeed(command("create").option("-f", "qcow2").option("-o", "help").build(), s -> s);
        String formats = help.stdout().lines().filter(l -> l.strip().startsWith("encrypt.format="))
                .findFirst().orElse("");
        return new QemuImgCapabilities(m.group(1), formats.contains("'luks'"), formats.contains("'aes'"));
    }

    @Override
    public void create(Path image, CreateOptions options) {
        try (KeyFiles keys = new KeyFiles(keyFileBase); TempTarget out = new TempTarget(image)) {
            String secretId = targetSecret(options, keys);
            QemuImgCommand.Builder cmd = command("create").flag("-q").secrets(keys.objects())
                    .option("-f", options.format().qemuName());
            if (options.backingFile() != null) {
                cmd.option("-b", options.backingFile()).option("-F", backingFormat(image, options).qemuName());
            }
            String opts = outputOptions(options, secretId);
            if (!opts.isEmpty()) {
                cmd.option("-o", opts);
            }
            cmd.argument(out.path().toString());
            if (options.size() > 0) {
                cmd.argument(Long.toString(options.size()));
            }
            runRetryingBenchmark(cmd.build(), keys);
            out.commit();
        }
    }

    @Override
    public void convert(Path source, ImageFormat sourceFormat, KeyLookup sourceKeys, Path target,
                        CreateOptions options) {
        List<ImageInfo> chain = backingChain(source, sourceFormat);
        try (KeyFiles keys = new KeyFiles(keyFileBase); TempTarget out = new TempTarget(target)) {
            ImageOpts in = openOptions(source, chain, sourceKeys, keys);
            String secretId = targetSecret(options, keys);
            QemuImgCommand.Builder cmd = command("convert").secrets(keys.objects());
            source(cmd, in);
            cmd.option("-O", options.format().qemuName());
            String opts = outputOptions(options, secretId);
            if (!opts.isEmpty()) {
                cmd.option("-o", opts);
            }
            if (options.backingFile() != null) {
                cmd.option("-B", options.backingFile()).option("-F", backingFormat(target, options).qemuName());
            }
            cmd.argument(sourceArgument(in)).argument(out.path().toString());
            runRetryingBenchmark(cmd.build(), keys);
            out.commit();
        }
    }

    @Override
    public ImageInfo info(Path image) {
        return QemuImgJson.info(succeed(infoCommand(image, null, false).flag("--output=json").build(), s -> s)
                .stdout());
    }

    /** qemu-img's own human-readable {@code info} text, exactly as it prints it. */
    public String infoText(Path image) {
        return succeed(infoCommand(image, null, false).build(), s -> s).stdout();
    }

    @Override
    public List<ImageInfo> backingChain(Path image) {
        return backingChain(image, null);
    }

    /** {@code info --backing-chain}: the image first, then each backing file. Needs no passphrase. */
    public List<ImageInfo> backingChain(Path image, ImageFormat format) {
        return QemuImgJson.chain(succeed(infoCommand(image, format, true).flag("--output=json").build(), s -> s)
                .stdout());
    }

    @Override
    public CheckReport check(Path image, KeyLookup keys) {
        List<ImageInfo> chain = backingChain(image, null);
        try (KeyFiles files = new KeyFiles(keyFileBase)) {
            ImageOpts in = openOptions(image, chain, keys, files);
            QemuImgCommand.Builder cmd = command("check").flag("--output=json").secrets(files.objects());
            source(cmd, in);
            cmd.argument(sourceArgument(in));
            QemuImgResult result = runner.run(cmd.build(), files::scrub);
            List<String> messages = result.stderr().lines().filter(l -> !l.isBlank()).toList();
            switch (result.exitCode()) {
                case 0, CHECK_CORRUPTIONS, CHECK_LEAKS -> {
                    return QemuImgJson.check(result.stdout(), image.toString(), messages);
                }
                case CHECK_NOT_SUPPORTED -> {
                    // raw has no metadata that could be inconsistent
                    ImageInfo top = chain.get(0);
                    return new CheckReport(image.toString(), top.format().qemuName(), 0, 0, messages, 0, 0,
                            top.actualSize());
                }
                default -> throw failure("check", result);
            }
        }
    }

    /** Resizes in place, like qemu-img (a smaller size passes {@code --shrink}: the caller asked for it). */
    @Override
    public void resize(Path image, long newSize, KeyLookup keys) {
        List<ImageInfo> chain = backingChain(image, null);
        try (KeyFiles files = new KeyFiles(keyFileBase)) {
            ImageOpts in = openOptions(image, chain, keys, files);
            QemuImgCommand.Builder cmd = command("resize").flag("-q").secrets(files.objects());
            if (newSize < chain.get(0).virtualSize()) {
                cmd.flag("--shrink");
            }
            source(cmd, in);
            cmd.argument(sourceArgument(in)).argument(Long.toString(newSize));
            succeed(cmd.build(), files::scrub);
        }
    }

    @Override
    public List<MapEntry> map(Path image, KeyLookup keys) {
        List<ImageInfo> chain = backingChain(image, null);
        try (KeyFiles files = new KeyFiles(keyFileBase)) {
            ImageOpts in = openOptions(image, chain, keys, files);
            QemuImgCommand.Builder cmd = command("map").flag("--output=json").secrets(files.objects());
            source(cmd, in);
            cmd.argument(sourceArgument(in));
            return QemuImgJson.map(succeed(cmd.build(), files::scrub).stdout(), chain);
        }
    }

    /**
     * {@code qemu-img compare}: whether both images show the guest the same bytes (a shorter image counts as
     * zeros beyond its end, as qemu-img does). A wrong legacy AES key makes this false; a wrong LUKS passphrase
     * throws {@link InvalidPassphrase}.
     */
    public boolean compare(Path a, KeyLookup aKeys, Path b, KeyLookup bKeys) {
        List<ImageInfo> aChain = backingChain(a, null);
        List<ImageInfo> bChain = backingChain(b, null);
        try (KeyFiles files = new KeyFiles(keyFileBase)) {
            ImageOpts first = openOptions(a, aChain, aKeys, files);
            ImageOpts second = openOptions(b, bChain, bKeys, files);
            QemuImgCommand.Builder cmd = command("compare").secrets(files.objects());
            if (first.hasSecrets() || second.hasSecrets()) {
                cmd.flag("--image-opts").argument(first.render()).argument(second.render());
            } else {
                cmd.option("-f", first.driver().qemuName()).option("-F", second.driver().qemuName())
                        .argument(a.toString()).argument(b.toString());
            }
            QemuImgResult result = runner.run(cmd.build(), files::scrub);
            return switch (result.exitCode()) {
                case 0 -> true;
                case 1 -> false;
                default -> throw failure("compare", result);
            };
        }
    }

    private QemuImgCommand.Builder command(String subcommand) {
        return QemuImgCommand.builder(binary, subcommand);
    }

    private QemuImgCommand.Builder infoCommand(Path image, ImageFormat format, boolean chain) {
        // --force-share like Nova: info must work on a disk a running guest holds open
        QemuImgCommand.Builder cmd = command("info").flag("--force-share");
        if (chain) {
            cmd.flag("--backing-chain");
        }
        if (format != null) {
            cmd.option("-f", format.qemuName());
        }
        return cmd.argument(image.toString());
    }

    /** How qemu-img must read the positional image argument: {@code --image-opts} or {@code -f FORMAT}. */
    private static void source(QemuImgCommand.Builder cmd, ImageOpts in) {
        if (in.hasSecrets()) {
            cmd.flag("--image-opts");
        } else {
            cmd.option("-f", in.driver().qemuName());
        }
    }

    /** The key file of the image being written, or null for a plain one. */
    private static String targetSecret(CreateOptions options, KeyFiles keys) {
        EncryptionSpec encryption = options.encryption();
        if (encryption == null) {
            return null;
        }
        if (encryption.passphrase() == null) {
            // the old qemu-img created "encryption=on" images keyless; 7.2 insists on encrypt.key-secret
            throw new PassphraseRequired("qemu-img needs a passphrase (encrypt.key-secret) to create an "
                    + encryption.format().qemuName() + "-encrypted image");
        }
        return keys.add(encryption.passphrase()).id();
    }

    /** The image as qemu-img's positional argument: its --image-opts string when it needs secrets, else its path. */
    private static String sourceArgument(ImageOpts in) {
        return in.hasSecrets() ? in.render() : in.file().toString();
    }

    /** The secret references for every encrypted layer of the chain; a missing passphrase is a clear error. */
    private static ImageOpts openOptions(Path image, List<ImageInfo> chain, KeyLookup lookup, KeyFiles files) {
        List<String> ids = new ArrayList<>();
        for (int depth = 0; depth < chain.size(); depth++) {
            ImageInfo layer = chain.get(depth);
            if (!layer.encrypted()) {
                ids.add(null);
                continue;
            }
            Path layerPath = depth == 0 ? image : Path.of(layer.filename());
            try (Passphrase passphrase = lookup.passphraseFor(layerPath).orElseThrow(() -> new PassphraseRequired(
                    layerPath + " is encrypted: a passphrase is needed to open it"))) {
                ids.add(files.add(passphrase).id());
            }
        }
        return new ImageOpts(chain.get(0).format(), image, ids);
    }

    private ImageFormat backingFormat(Path image, CreateOptions options) {
        if (options.backingFormat() != null) {
            return options.backingFormat();
        }
        // qemu-img 7.2 refuses -b without -F; probe the backing file like qemu-img once did
        Path backing = Path.of(options.backingFile());
        Path parent = image.toAbsolutePath().getParent();
        return info(backing.isAbsolute() || parent == null ? backing : parent.resolve(backing)).format();
    }

    /** The {@code -o} list: deterministic order, secrets by id only. */
    static String outputOptions(CreateOptions options, String secretId) {
        List<String> opts = new ArrayList<>();
        EncryptionSpec encryption = options.encryption();
        if (options.format() == ImageFormat.QCOW2) {
            if (options.clusterSize() > 0) {
                opts.add("cluster_size=" + options.clusterSize());
            }
            if (encryption != null) {
                opts.add("encrypt.format=" + encryption.format().qemuName());
                opts.add("encrypt.key-secret=" + secretId);
                if (encryption.format() == EncryptionFormat.LUKS) {
                    luksOptions(encryption.luks(), "encrypt.", opts);
                }
            }
        } else if (options.format() == ImageFormat.LUKS) {
            if (encryption == null) {
                throw new PassphraseRequired("a LUKS image needs a passphrase");
            }
            opts.add("key-secret=" + secretId);
            luksOptions(encryption.luks(), "", opts);
        } else if (encryption != null) {
            throw new DiskException("a raw image cannot be encrypted; use qcow2 or luks");
        }
        return String.join(",", opts);
    }

    private static void luksOptions(LuksParams luks, String prefix, List<String> opts) {
        opts.add(prefix + "cipher-alg=" + (luks.cipherKeyBits() == 512 ? "aes-256" : "aes-128"));
        opts.add(prefix + "cipher-mode=xts");
        opts.add(prefix + "hash-alg=" + luks.hashAlg());
        int iterTime = luks.iterTimeMillis() != null ? luks.iterTimeMillis() : ITER_TIME_FOR_EXPLICIT_ITERATIONS_MS;
        opts.add(prefix + "iter-time=" + iterTime);
    }

    private QemuImgResult runRetryingBenchmark(QemuImgCommand command, KeyFiles keys) {
        for (int attempt = 0; ; attempt++) {
            QemuImgResult result = runner.run(command, keys::scrub);
            if (result.exitCode() == 0) {
                return result;
            }
            DiskException failure = failure(command.subcommand(), result);
            boolean transientBenchmark = failure instanceof QemuImgFailed f && f.isCpuUsageBenchmarkFailure();
            if (!transientBenchmark || attempt >= CPU_USAGE_RETRIES) {
                throw failure;
            }
        }
    }

    private QemuImgResult succeed(QemuImgCommand command, java.util.function.UnaryOperator<String> scrub) {
        QemuImgResult result = runner.run(command, scrub);
        if (result.exitCode() != 0) {
            throw failure(command.subcommand(), result);
        }
        return result;
    }

    /** Maps qemu-img's stderr to the disk library's exceptions; the message is already secret-free. */
    private static DiskException failure(String subcommand, QemuImgResult result) {
        String stderr = result.stderr();
        if (stderr.contains("Invalid password, cannot unlock any keyslot")) {
            return new InvalidPassphrase("qemu-img " + subcommand + ": " + stderr.strip());
        }
        if (stderr.contains("key-secret' is required")) {
            return new PassphraseRequired("qemu-img " + subcommand + ": " + stderr.strip());
        }
        return new QemuImgFailed(subcommand, result.exitCode(), stderr);
    }
}
