package org.novalab.imagecache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.novalab.image.inspect.DetectedFormat;
import org.novalab.image.inspect.FormatInspector;
import org.novalab.image.inspect.Inspection;

/**
 * The check every downloaded image passes before it may enter {@code _base} (Nova since CVE-2022-47951 and
 * CVE-2024-32498): the real format must be the one Glance's {@code disk_format} claims, the virtual size must be
 * within the limit, the header must not point at other files, and a qcow2's metadata must be what QEMU's own
 * checks accept (limits, overlaps, nothing past the end of the file, no guest data on metadata). Reads only the
 * image's own headers and tables, never its guest data.
 */
public final class SafetyGate {
    /** Glance formats that mean "the bytes are the disk" (ami/aki/ari are raw kernels, ramdisks, machines). */
    private static final Set<String> RAW_NAMES = Set.of("raw", "ami", "aki", "ari");
    private final long maxVirtualSize;

    public SafetyGate(long maxVirtualSize) {
        this.maxVirtualSize = maxVirtualSize;
    }

    /** @throws UnsafeImage (or {@link ImageTooLarge}) with a message that says what is wrong */
    public Inspection check(String imageId, String diskFormat, Path file) throws IOException {
        return check(imageId, diskFormat, FormatInspector.inspect(file));
    }

    public Inspection check(String imageId, String diskFormat, Inspection inspection) {
        String claimed = diskFormat == null ? "" : diskFormat.toLowerCase(Locale.ROOT);
        DetectedFormat found = inspection.format();
        boolean claimsRaw = RAW_NAMES.contains(claimed);
        if (claimsRaw) {
            // A raw disk may hold anything, but never another format's header: QEMU would be told "raw" while
            // a human or a later probe reads the header. An ISO 9660 image is a raw disk (hybrid ISOs boot as one).
            if (found != DetectedFormat.RAW && found != DetectedFormat.ISO) {
                throw new UnsafeImage("image " + imageId + " claims disk_format " + claimed + " but is a "
                        + found.glanceName() + " image; refused");
            }
        } else {
            DetectedFormat expected = expectedFormat(imageId, claimed);
            if (found != expected) {
                throw new UnsafeImage("image " + imageId + " claims disk_format " + claimed + " but is a "
                        + found.glanceName() + " image; refused");
            }
        }
        // The size first: it is the plainest fact of a header, and unsigned (2^63 and more is not negative).
        if (Long.compareUnsigned(inspection.virtualSize(), maxVirtualSize) > 0) {
            throw new ImageTooLarge(imageId, inspection.virtualSize(), maxVirtualSize);
        }
        if (!inspection.isSafe()) {
            throw new UnsafeImage("image " + imageId + " (" + found.glanceName() + ") refused: "
                    + String.join("; ", inspection.safetyProblems()));
        }
        return inspection;
    }

    private static DetectedFormat expectedFormat(String imageId, String claimed) {
        return switch (claimed) {
            case "qcow2" -> DetectedFormat.QCOW2;
            case "vmdk" -> DetectedFormat.VMDK;
            case "vhd", "vpc" -> DetectedFormat.VHD;
            case "vhdx" -> DetectedFormat.VHDX;
            case "vdi" -> DetectedFormat.VDI;
            case "iso" -> DetectedFormat.ISO;
            default -> throw new UnsafeImage("image " + imageId + " has disk_format '" + claimed
                    + "', which novalab does not accept (raw, qcow2, vmdk, vhd, vhdx, vdi, iso, ami, aki, ari)");
        };
    }
}
