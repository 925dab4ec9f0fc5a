package org.novalab.storage.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.novalab.storage.Image;
import org.novalab.storage.ImageInfo;
import org.novalab.storage.SnapInfo;

/** What {@code rbd info} and {@code rbd snap ls} print, in the rbd tool's words and units. */
final class RbdInfo {
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RbdInfo() {
    }

    /** The lines of a format 2 image; at a snapshot also whether it is protected; for a clone its parent. */
    static void print(Image image, PrintStream out) {
        ImageInfo info = image.stat();
        out.println("rbd image '" + info.name() + "':");
        out.println("\tsize " + bytes(info.size()) + " in " + info.objectCount() + " objects");
        out.println("\torder " + info.order() + " (" + bytes(info.objectSize()) + " objects)");
        out.println("\tsnapshot_count: " + image.listSnaps().size());
        out.println("\tid: " + info.id());
        out.println("\tblock_name_prefix: " + info.blockNamePrefix());
        out.println("\tformat: 2");
        out.println("\tfeatures: " + ((info.features() & ImageInfo.FEATURE_LAYERING) != 0 ? "layering" : ""));
        out.println("\top_features: ");
        out.println("\tflags: ");
        out.println("\tcreate_timestamp: " + ctime(info.createTimestamp()));
        image.snapshot().ifPresent(snap -> out.println("\tprotected: "
                + (image.isProtectedSnap(snap) ? "True" : "False")));
        image.parentInfo().ifPresent(parent -> {
            out.println("\tparent: " + parent.snapSpec());
            out.println("\toverlap: " + bytes(parent.overlap()));
        });
    }

    /** {@code rbd snap ls}: a table, nothing at all for an image without snapshots. */
    static void printSnaps(List<SnapInfo> snaps, PrintStream out) {
        if (snaps.isEmpty()) {
            return;
        }
        TextTable table = new TextTable().column("SNAPID", true).column("NAME", false).column("SIZE", true)
                .column("PROTECTED", false).column("TIMESTAMP", true);
        for (SnapInfo s : snaps) {
            table.row(String.valueOf(s.id()), s.name(), bytes(s.size()), s.isProtected() ? "yes" : "",
                    ctime(s.timestamp().getEpochSecond()));
        }
        table.print(out);
    }

    private static String ctime(long epochSecond) {
        return CTIME.format(Instant.ofEpochSecond(epochSecond));
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
}
