package org.novalab.disk.qcow2;

import java.util.ArrayList;
import java.util.List;
import org.novalab.disk.UnsupportedImage;

/**
 * {@code qemu-img check} for qcow2: rebuilds every cluster's reference count from the metadata (header, L1, L2,
 * data, refcount structures, LUKS header), compares it with the stored refcounts and verifies the COPIED flags,
 * reporting corruptions and leaks with qemu's wording. Never writes.
 */
public final class Qcow2Check {
    /** The outcome; {@code messages} are the lines qemu prints on stderr. */
    public record Result(int corruptions, int leaks, List<String> messages, long allocatedClusters,
                         long totalClusters, long fragmentedClusters, long compressedClusters,
                         long imageEndOffset) {
    }

    private final Qcow2Image image;
    private final Qcow2Header header;
    private final int cs;
    private final int bits;
    private final long fileSize;
    private final long fileClusters;
    private int[] references;
    private final List<String> messages = new ArrayList<>();
    private int corruptions;
    private int leaks;
    private long allocated;
    private long fragmented;
    private long compressed;
    private long nextContiguous;

    private Qcow2Check(Qcow2Image image) {
        this.image = image;
        this.header = image.header();
        this.cs = header.clusterSize();
        this.bits = header.clusterBits();
        this.fileSize = image.file().size();
        this.fileClusters = (fileSize + cs - 1) >>> bits;
    }

    public static Result run(Qcow2Image image) {
        return new Qcow2Check(image).check();
    }

    private Result check() {
        RefcountTable refcounts = image.refcounts();
        long tracked = Math.max(fileClusters, refcounts.tableEntries() * refcounts.refsPerBlock());
        // never size the array by what a corrupt table claims beyond the file: clusters past EOF are errors anyway
        long limit = Math.min(tracked, fileClusters + 1);
        if (limit > Integer.MAX_VALUE - 8) {
            throw new UnsupportedImage("image too large to check");
        }
        references = new int[(int) limit];
        reference(0, cs, "header");
        if (header.l1Size > 0) {
            reference(header.l1TableOffset, (long) header.l1Size * 8, "L1 table");
        }
        reference(header.refcountTableOffset, (long) header.refcountTableClusters * cs, "refcount table");
        if (header.cryptMethod == 2) {
            reference(header.cryptoHeaderOffset, header.cryptoHeaderLength, "LUKS header");
        }
        for (int i = 0; i < refcounts.tableEntries(); i++) {
            long block = refcounts.blockOffset(i);
            if (block != 0) {
                if (block + cs > fileSize) {
                    messages.add("ERROR refcount block " + i + " is outside image");
                    corruptions++;
                } else {
                    reference(block, cs, "refcount block");
                }
            }
        }
        checkL1(refcounts);
        long highest = -1;
        long end = Math.max(references.length, 0);
        for (long c = 0; c < end; c++) {
            long stored = refcounts.get(c);
            long counted = references[(int) c];
            if (stored > 0 || counted > 0) {
                highest = c;
            }
            if (stored != counted) {
                boolean leak = stored > counted;
                messages.add((leak ? "Leaked" : "ERROR") + " cluster " + c + " refcount=" + stored + " reference="
                        + counted);
                if (leak) {
                    leaks++;
                } else {
                    corruptions++;
                }
            }
        }
        long total = (header.size + cs - 1) >>> bits;
        return new Result(corruptions, leaks, List.copyOf(messages), allocated, total, fragmented, compressed,
                (highest + 1) * cs);
    }

    private void reference(long offset, long length, String what) {
        if (length <= 0) {
            return;
        }
        long first = offset >>> bits;
        long last = (offset + length - 1) >>> bits;
        for (long c = first; c <= last; c++) {
            if (c >= references.length) {
                messages.add("ERROR " + what + " at offset " + offset + " is beyond the end of the image");
                corruptions++;
                return;
            }
            references[(int) c]++;
        }
    }

    private void checkL1(RefcountTable refcounts) {
        long[] l1 = image.l1Table();
        for (int i = 0; i < l1.length; i++) {
            long entry = l1[i];
            long l2Offset = L2Entry.offset(entry);
            if (l2Offset == 0) {
                continue;
            }
            if ((l2Offset & (cs - 1)) != 0) {
                messages.add("ERROR l2_offset=" + Long.toHexString(l2Offset)
                        + ": Table is not cluster aligned; L1 entry corrupted");
                corruptions++;
                continue;
            }
            if (l2Offset + cs > fileSize) {
                messages.add("ERROR l2_offset=" + Long.toHexString(l2Offset) + ": Table is beyond the end of file");
                corruptions++;
                continue;
            }
            reference(l2Offset, cs, "L2 table");
            long rc = refcounts.get(l2Offset >>> bits);
            if ((rc == 1) != ((entry & L2Entry.COPIED) != 0)) {
                messages.add("ERROR OFLAG_COPIED L2 cluster: l1_index=" + i + " l1_entry=" + Long.toHexString(entry)
                        + " refcount=" + rc);
                corruptions++;
            }
            checkL2(image.l2Table(i), refcounts);
        }
    }

    private void checkL2(long[] l2, RefcountTable refcounts) {
        // qemu measures fragmentation within each L2 table
        nextContiguous = 0;
        for (long entry : l2) {
            if (L2Entry.compressed(entry)) {
                long off = CompressedCluster.offset(entry, bits);
                allocated++;
                compressed++;
                fragmented++;
                // like qemu: the whole sectors the compressed data may use
                reference(off & ~511L, CompressedCluster.length(entry, bits) + (off & 511), "compressed cluster");
                continue;
            }
            long host = L2Entry.offset(entry);
            if (host == 0) {
                continue;
            }
            if ((host & (cs - 1)) != 0) {
                messages.add("ERROR offset=" + Long.toHexString(host)
                        + ": Cluster is not properly aligned; L2 entry corrupted.");
                corruptions++;
                continue;
            }
            allocated++;
            if (nextContiguous != 0 && host != nextContiguous) {
                fragmented++;
            }
            nextContiguous = host + cs;
            reference(host, cs, "data cluster");
            long rc = refcounts.get(host >>> bits);
            if ((rc == 1) != ((entry & L2Entry.COPIED) != 0)) {
                messages.add("ERROR OFLAG_COPIED data cluster: l2_entry=" + Long.toHexString(entry) + " refcount="
                        + rc);
                corruptions++;
            }
        }
    }
}
