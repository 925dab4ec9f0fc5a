package org.novalab.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.DiskException;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.ImageInfo;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.MapEntry;
import org.novalab.disk.chain.ImageChain;
import org.novalab.disk.layer.Extent;
import org.novalab.disk.layer.Layer;
import org.novalab.fixture.FixtureGuest;

/**
 * Looks inside a case's disk with the disk library: the backing chain ({@code img info}), where each guest cluster
 * lives ({@code img map}), and a sector as stored in its file versus as the guest reads it with a given key.
 */
final class DiskInspector {
    private static final int SECTOR = FixtureGuest.SECTOR;
    private final DiskTool disks;
    private final Path root;

    /** @param root paths in the evidence are shown relative to this directory */
    DiskInspector(DiskTool disks, Path root) {
        this.disks = disks;
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * @param rightKeys the disk's own keys (to read its metadata and map, as qemu-img would need them)
     * @param caseKeys  the keys of the case's secret: what the guest reads with
     */
    DiskEvidence inspect(Path disk, KeyLookup rightKeys, KeyLookup caseKeys) {
        List<MapEntry> map = disks.map(disk, rightKeys);
        ImageInfo top = disks.info(disk);
        int clusterSize = top.clusterSize() == null ? 65536 : top.clusterSize();
        ClusterSources clusters = ClusterSources.of(map, top.virtualSize(), clusterSize);
        return new DiskEvidence(show(disk), chain(disk), clusters, stored(disk, 0), guest(disk, caseKeys, 0),
                Optional.empty());
    }

    /** The file names of the chain ({@code img info --backing-chain}), top first, with format, size, encryption. */
    List<String> chain(Path disk) {
        return disks.backingChain(disk).stream().map(info -> show(Path.of(info.filename())) + " ("
                + info.format().qemuName() + ", " + info.virtualSize() + " bytes"
                + (info.encrypted() ? ", encrypted " + encryptionOf(info) : ", plaintext") + ")").toList();
    }

    /** The sector at {@code lba} as the guest reads it through the chain with {@code keys}. */
    SectorView guest(Path disk, KeyLookup keys, long lba) {
        String where = "guest LBA " + lba + " of " + show(disk);
        // every case disk the lab builds is a qcow2 it wrote itself; its backing files carry their formats
        try (BlockDevice dev = Disks.open(disk, ImageFormat.QCOW2, ChainKeyOpener.chain(keys, disk), false)) {
            ByteBuffer buf = ByteBuffer.allocate(SECTOR);
            dev.read(lba * SECTOR, buf);
            byte[] bytes = buf.array();
            return new SectorView(where, HexPeek.of(bytes), lba == 0 ? bootVerdict(bytes) : markerVerdict(bytes));
        } catch (DiskException e) {
            return SectorView.unreadable(where, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The bytes of guest sector {@code lba} as they sit in whichever file of the chain holds them: ciphertext for an
     * encrypted layer (qemu-img map hides such offsets, so the chain's own metadata is asked, without any key).
     */
    SectorView stored(Path disk, long lba) {
        long offset = lba * SECTOR;
        try (ImageChain chain = ImageChain.open(disk, null, KeyLookup.NONE, false, false)) {
            List<Layer> layers = chain.layers();
            for (int depth = 0; depth < layers.size(); depth++) {
                Layer layer = layers.get(depth);
                if (offset >= layer.size()) {
                    break;
                }
                Extent e = layer.extent(offset, SECTOR);
                if (e.kind() == Extent.Kind.UNALLOCATED) {
                    continue;
                }
                if (e.kind() != Extent.Kind.DATA || e.hostOffset() < 0) {
                    return SectorView.unreadable("guest LBA " + lba, "stored nowhere: reads as zeros");
                }
                return storedAt(layer, depth, e.hostOffset(), lba);
            }
        }
        return SectorView.unreadable("guest LBA " + lba, "stored nowhere: reads as zeros");
    }

    private SectorView storedAt(Layer layer, int depth, long host, long lba) {
        byte[] bytes = new byte[SECTOR];
        try (FileChannel ch = FileChannel.open(layer.path(), StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(bytes), host);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + layer.path(), ex);
        }
        String where = String.format("%s, %s @ host offset 0x%x, %s",
                depth == 0 ? "in the disk itself" : "not in the disk: in its backing file", show(layer.path()), host,
                layer.encrypted() ? "ciphertext" : "plaintext");
        return new SectorView(where, HexPeek.of(bytes), layer.encrypted()
                ? "ciphertext: what anyone with the file sees" : bootVerdict(bytes));
    }

    static String bootVerdict(byte[] sector) {
        if (FixtureGuest.isFixtureBootSector(sector)) {
            return "the fixture guest's boot program, 55 AA at 510";
        }
        return FixtureGuest.hasBootSignature(sector) ? "55 AA but not the guest's program"
                : "noise: no 55 AA boot signature, not bootable";
    }

    static String markerVerdict(byte[] sector) {
        String text = new String(sector, 0, FixtureGuest.MARKER.length(), java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.equals(FixtureGuest.MARKER) ? "the guest's marker text" : "garbage, not the guest's marker";
    }



    @SuppressWarnings("unchecked")
    private static String encryptionOf(ImageInfo info) {
        Object encrypt = info.formatSpecific() == null ? null : info.formatSpecific().get("encrypt");
        if (encrypt instanceof Map<?, ?> m && m.get("format") != null) {
            return String.valueOf(m.get("format")).equals("aes") ? "legacy AES" : String.valueOf(m.get("format"));
        }
        return "";
    }

    private String show(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
