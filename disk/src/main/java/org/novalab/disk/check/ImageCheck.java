package org.novalab.disk.check;

import java.nio.file.Path;
import java.util.List;
import org.novalab.disk.CheckReport;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.chain.FormatProbe;
import org.novalab.disk.info.QemuText;
import org.novalab.disk.qcow2.Qcow2Check;
import org.novalab.disk.qcow2.Qcow2Image;

/** {@code qemu-img check}: consistency of one file's metadata (qcow2 only, like qemu-img). */
public final class ImageCheck {
    private final String filename;
    private final Qcow2Check.Result result;

    private ImageCheck(String filename, Qcow2Check.Result result) {
        this.filename = filename;
        this.result = result;
    }

    public static ImageCheck check(Path image, ImageFormat formatOrNull) {
        ImageFormat format = formatOrNull == null ? FormatProbe.probe(image) : formatOrNull;
        if (format != ImageFormat.QCOW2) {
            throw new UnsupportedImage("This image format does not support checks");
        }
        try (Qcow2Image q = Qcow2Image.open(image, false)) {
            if (q.header().nbSnapshots() > 0) {
                throw new UnsupportedImage("'" + image + "' has internal snapshots, which novalab's check does not "
                        + "follow; use qemu-img check");
            }
            return new ImageCheck(image.toString(), Qcow2Check.run(q));
        }
    }

    public Qcow2Check.Result result() {
        return result;
    }

    public CheckReport toReport() {
        return new CheckReport(filename, "qcow2", result.corruptions(), result.leaks(), result.messages(),
                result.allocatedClusters(), result.totalClusters(), result.imageEndOffset());
    }

    /** qemu-img's exit status: 0 clean, 2 corruptions, 3 leaks only. */
    public int exitStatus() {
        return result.corruptions() > 0 ? 2 : result.leaks() > 0 ? 3 : 0;
    }

    /** What qemu-img check prints on stdout. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (result.corruptions() == 0 && result.leaks() == 0) {
            sb.append("No errors were found on the image.\n");
        } else {
            if (result.corruptions() > 0) {
                sb.append('\n').append(result.corruptions()).append(" errors were found on the image.\n")
                        .append("Data may be corrupted, or further writes to the image may corrupt it.\n");
            }
            if (result.leaks() > 0) {
                sb.append('\n').append(result.leaks()).append(" leaked clusters were found on the image.\n")
                        .append("This means waste of disk space, but no harm to data.\n");
            }
        }
        if (result.totalClusters() != 0 && result.allocatedClusters() != 0) {
            double alloc = result.allocatedClusters();
            sb.append(result.allocatedClusters()).append('/').append(result.totalClusters()).append(" = ")
                    .append(QemuText.percent(100.0 * alloc / result.totalClusters())).append("% allocated, ")
                    .append(QemuText.percent(100.0 * result.fragmentedClusters() / alloc)).append("% fragmented, ")
                    .append(QemuText.percent(100.0 * result.compressedClusters() / alloc))
                    .append("% compressed clusters\n");
        }
        if (result.imageEndOffset() != 0) {
            sb.append("Image end offset: ").append(result.imageEndOffset()).append('\n');
        }
        return sb.toString();
    }

    public List<String> messages() {
        return result.messages();
    }
}
