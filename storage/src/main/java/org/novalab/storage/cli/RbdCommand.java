package org.novalab.storage.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.novalab.cli.Command;
import org.novalab.cli.Console;
import org.novalab.cli.UsageError;
import org.novalab.storage.pool.Pool;
import org.novalab.storage.pool.RbdImage;
import org.novalab.storage.pool.RbdImageWriter;

/** {@code novalab rbd -p images ls|info|import|export|resize|rm}, shaped like Ceph's {@code rbd} tool. */
@Parameters(commandNames = "rbd", commandDescription = "RBD images of a pool, like Ceph's rbd: "
        + "ls | info NAME | import FILE NAME | export NAME FILE | resize --size SIZE [POOL/]NAME | rm NAME")
public final class RbdCommand extends PoolOptions implements Command {
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Parameter(description = "ls | info NAME | import FILE NAME | export NAME FILE | resize --size SIZE [POOL/]NAME "
            + "| rm NAME")
    private List<String> words = new ArrayList<>();

    @Parameter(names = "--order", description = "Object size as a power of two, for import (23 = 8 MiB)")
    private int order = Pool.DEFAULT_ORDER;

    @Parameter(names = {"-s", "--size"}, description = "New size for resize: MiB, or with a unit (2G, 512M); "
            + "grow only, shrinking is refused")
    private String size;

    @Override
    public int run(Console console) throws Exception {
        if (words.isEmpty()) {
            throw new UsageError("rbd: give a verb: ls, info NAME, import FILE NAME, export NAME FILE, "
                    + "resize --size SIZE NAME, rm NAME");
        }
        String verb = words.get(0);
        if (verb.equals("resize")) {
            resize();
            return 0;
        }
        Pool pool = pool(verb.equals("import"));
        switch (verb) {
            case "ls" -> {
                arity(0);
                pool.images().forEach(i -> console.out().println(i.name()));
            }
            case "info" -> {
                arity(1);
                printInfo(pool.image(words.get(1)), console.out());
            }
            case "import" -> {
                arity(2);
                RbdImage image = pool.createImage(words.get(2), 0, order);
                RbdImageWriter writer = image.openWriter();
                try (InputStream in = FileTransfer.open(words.get(1), console)) {
                    in.transferTo(writer);
                    writer.close();
                } catch (Exception e) {
                    writer.abort();
                    pool.removeImage(image.name());
                    throw e;
                }
            }
            case "export" -> {
                arity(2);
                try (InputStream in = pool.image(words.get(1)).openStream()) {
                    FileTransfer.save(in, words.get(2), console);
                }
            }
            case "rm" -> {
                arity(1);
                pool.removeImage(words.get(1));
            }
            default -> throw new UsageError("rbd: unknown verb '" + verb
                    + "' (ls, info, import, export, resize, rm)");
        }
        return 0;
    }

    /** {@code rbd resize --size 2048 images/NAME}: the pool may come with the name, as rbd's image spec. */
    private void resize() {
        arity(1);
        if (size == null) {
            throw new UsageError("rbd resize: give the new size with --size (MiB, or e.g. 2G)");
        }
        long bytes = RbdSize.parse(size);
        String spec = words.get(1);
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            poolName = spec.substring(0, slash);
            spec = spec.substring(slash + 1);
        }
        pool(false).image(spec).resize(bytes);
    }

    /** The lines {@code rbd info} prints for a format 2 image. */
    static void printInfo(RbdImage image, PrintStream out) {
        out.println("rbd image '" + image.name() + "':");
        out.println("\tsize " + bytes(image.size()) + " in " + image.objectCount() + " objects");
        out.println("\torder " + image.order() + " (" + bytes(image.objectSize()) + " objects)");
        out.println("\tsnapshot_count: 0");
        out.println("\tid: " + image.id());
        out.println("\tblock_name_prefix: " + image.blockNamePrefix());
        out.println("\tformat: 2");
        out.println("\tfeatures: " + ((image.features() & 1) != 0 ? "layering" : ""));
        out.println("\top_features: ");
        out.println("\tflags: ");
        out.println("\tcreate_timestamp: " + CTIME.format(Instant.ofEpochSecond(image.createTimestamp())));
        if (image.parent() != null) {
            out.println("\tparent: " + image.parent());
        }
    }

    /** Ceph's binary units: whole numbers without decimals ("8 MiB"), others with three significant digits. */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        double value = n;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (n % (1L << (10 * unit)) == 0) {
            return (long) value + " " + units[unit];
        }
        String digits = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits, value) + " " + units[unit];
    }

    private void arity(int n) {
        if (words.size() != n + 1) {
            throw new UsageError("rbd " + words.get(0) + ": expected " + n + " argument(s), got "
                    + (words.size() - 1));
        }
    }
}
