package org.novalab.compute.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.CreateOptions;
import org.novalab.disk.DiskTool;
import org.novalab.disk.Disks;
import org.novalab.disk.EncryptionSpec;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.LuksParams;
import org.novalab.disk.MapEntry;
import org.novalab.disk.Passphrase;
import org.novalab.disk.qcow2.Qcow2Rebase;

/**
 * CloudStack's NFS / SharedMountPoint pools on KVM: each volume a qcow2 file {@code <dir>/volume-<uuid>}, an
 * encrypted one qcow2 with LUKS inside (crypt_method 2), which QEMU opens with the passphrase as the volume's
 * secret. qcow2 stores the LUKS header in clusters of its own, so the virtual size is the guest's size exactly.
 * Files are written by novalab's disk library under a temporary name and renamed into place; {@code qemu-img check}
 * and {@code info} accept them. Changes of files are serialized (one lock for the directory): a snapshot's delete
 * rewrites other files of the chain, and a clone's file names another volume's.
 */
public final class FileVolumeBackend implements VolumeBackend {
    public static final String NAME = "file";
    private final Path dir;
    private final DiskTool disks = Disks.java();

    public FileVolumeBackend(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return NAME;
    }

    public Path pathOf(String volumeId) {
        return dir.resolve(VolumeBackend.imageName(volumeId));
    }

    @Override
    public String locationOf(String volumeId) {
        return pathOf(volumeId).toString();
    }

    @Override
    public synchronized void create(String volumeId, long sizeBytes, Optional<Passphrase> passphrase, LuksParams luks) {
        Path file = pathOf(volumeId);
        if (Files.exists(file)) {
            throw new VolumeBackendException("volume file " + file + " exists already");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("creating the volume directory " + dir, e);
        }
        CreateOptions options = CreateOptions.qcow2(sizeBytes);
        if (passphrase.isPresent()) {
            options = options.withEncryption(EncryptionSpec.luks(passphrase.get(), luks));
        }
        disks.create(file, options);
    }

    @Override
    public BlockDevice open(String volumeId, Optional<Passphrase> passphrase, boolean writable) {
        return Disks.open(existing(volumeId), ImageFormat.QCOW2, keys(passphrase), writable);
    }

    @Override
    public void extend(String volumeId, long newSizeBytes, Optional<Passphrase> passphrase) {
        Path file = existing(volumeId);
        long current = disks.info(file).virtualSize();
        if (newSizeBytes < current) {
            throw new VolumeBackendException("a volume cannot shrink (" + current + " to " + newSizeBytes + " bytes)");
        }
        disks.resize(file, newSizeBytes, keys(passphrase));
    }

    @Override
    public long guestSize(String volumeId, Optional<Passphrase> passphrase) {
        return disks.info(existing(volumeId)).virtualSize();
    }

    /** A {@code type='file'} disk: the qcow2 file, LUKS inside when encrypted. */
    @Override
    public org.novalab.compute.domain.DiskSource diskSource(String volumeId) {
        return new org.novalab.compute.domain.DiskSource.File(pathOf(volumeId));
    }

    @Override
    public String driverType() {
        return "qcow2";
    }

    @Override
    public boolean exists(String volumeId) {
        return Files.exists(pathOf(volumeId));
    }

    @Override
    public synchronized void delete(String volumeId) {
        try {
            Files.deleteIfExists(pathOf(volumeId));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + pathOf(volumeId), e);
        }
    }

    private Path existing(String volumeId) {
        Path file = pathOf(volumeId);
        if (!Files.exists(file)) {
            throw new VolumeBackendException("volume file " + file + " does not exist");
        }
        return file;
    }

    private static KeyLookup keys(Optional<Passphrase> passphrase) {
        return passphrase.map(KeyLookup::always).orElse(KeyLookup.NONE);
    }

    // ---- snapshots: a qcow2 backing chain, as Cinder's NFS (remotefs) driver keeps them ----

    /** A snapshot's file: the volume's file as it was when the snapshot was taken, frozen. */
    public Path snapshotFile(String volumeId, String snapshot) {
        return dir.resolve(VolumeBackend.imageName(volumeId) + "." + snapshot);
    }

    /**
     * The volume's file gets a second name, the snapshot's (a hard link: no byte copied), then a new empty overlay
     * backed by it replaces the volume's name in one rename. At every step a crash leaves a volume that reads its
     * bytes; the guest's later writes land in the overlay only.
     */
    @Override
    public synchronized void snapshot(String volumeId, String snapshot, Optional<Passphrase> passphrase, LuksParams luks) {
        Path active = existing(volumeId);
        Path frozen = snapshotFile(volumeId, snapshot);
        if (Files.exists(frozen)) {
            throw new VolumeBackendException("snapshot file " + frozen + " exists already");
        }
        long size = disks.info(active).virtualSize();
        try {
            Files.createLink(frozen, active);
        } catch (IOException e) {
            throw new UncheckedIOException("linking " + frozen, e);
        }
        boolean replaced = false;
        try {
            replaceWithOverlay(active, frozen, size, passphrase, luks);
            replaced = true;
        } finally {
            if (!replaced) {
                deleteQuietly(frozen);
            }
        }
    }

    /** A fresh empty overlay on {@code backing} takes the name {@code target}, in one rename. */
    private void replaceWithOverlay(Path target, Path backing, long size, Optional<Passphrase> passphrase,
            LuksParams luks) {
        Path tmp = dir.resolve("." + target.getFileName() + ".overlay-" + java.util.UUID.randomUUID());
        try {
            disks.create(tmp, overlay(backing, size, passphrase, luks));
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("replacing " + target, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static CreateOptions overlay(Path backing, long size, Optional<Passphrase> passphrase, LuksParams luks) {
        CreateOptions options = CreateOptions.qcow2(size).withBacking(backing.getFileName().toString(),
                ImageFormat.QCOW2);
        return passphrase.isPresent() ? options.withEncryption(EncryptionSpec.luks(passphrase.get(), luks))
                : options;
    }

    /**
     * Cinder's remotefs snapshot delete: each file backed by the snapshot's file gets the clusters the snapshot
     * holds and it does not (the bytes it read through it), is pointed at the snapshot's own backing file
     * ({@code qemu-img rebase -u}), and the snapshot's file goes. Another volume's file backed by it (a clone) makes
     * it busy.
     */
    @Override
    public synchronized void deleteSnapshot(String volumeId, String snapshot, Optional<Passphrase> passphrase) {
        Path frozen = snapshotFile(volumeId, snapshot);
        if (!Files.exists(frozen)) {
            return;
        }
        String parent = disks.info(frozen).backingFilename();
        List<Path> children = backedBy(frozen);
        String own = VolumeBackend.imageName(volumeId);
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (!name.equals(own) && !name.startsWith(own + ".")) {
                throw new SnapshotBusy("snapshot file " + frozen.getFileName() + " backs volume file " + name);
            }
        }
        for (Path child : children) {
            merge(frozen, child, keys(passphrase));
            Qcow2Rebase.unsafe(child, parent, parent == null ? null : ImageFormat.QCOW2);
        }
        deleteQuietly(frozen);
        if (Files.exists(frozen)) {
            throw new VolumeBackendException("could not remove " + frozen);
        }
    }

    /** The files of this directory whose backing file is {@code file}. */
    private List<Path> backedBy(Path file) {
        String name = file.getFileName().toString();
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("volume-"))
                    .filter(p -> name.equals(backingOf(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    /** The backing file a file names; null for none, or for a file that went while the directory was listed. */
    private String backingOf(Path p) {
        try {
            return disks.info(p).backingFilename();
        } catch (org.novalab.disk.DiskException e) {
            if (Files.exists(p)) {
                throw e;
            }
            return null;
        }
    }

    /** Copies into {@code child}'s own layer what it read from {@code frozen}'s own layer. */
    private void merge(Path frozen, Path child, KeyLookup keys) {
        List<long[]> theirs = topExtents(frozen, keys);
        List<long[]> mine = topExtents(child, keys);
        try (BlockDevice from = Disks.open(frozen, ImageFormat.QCOW2, keys, false);
             BlockDevice into = Disks.open(child, ImageFormat.QCOW2, keys, true)) {
            byte[] buf = new byte[VolumeFill.CHUNK];
            for (long[] range : theirs) {
                for (long[] piece : subtract(range, mine)) {
                    long end = Math.min(piece[1], into.size());
                    for (long off = piece[0]; off < end; off += buf.length) {
                        int n = (int) Math.min(buf.length, end - off);
                        from.read(off, java.nio.ByteBuffer.wrap(buf, 0, n));
                        into.write(off, java.nio.ByteBuffer.wrap(buf, 0, n));
                    }
                }
            }
            into.flush();
        }
    }

    /** [start, end) of the guest ranges a file stores itself (data or explicit zeros), not its backing file. */
    private List<long[]> topExtents(Path file, KeyLookup keys) {
        List<long[]> out = new java.util.ArrayList<>();
        for (MapEntry e : disks.map(file, keys)) {
            if (e.depth() == 0 && (e.data() || e.zero())) {
                out.add(new long[] {e.start(), e.start() + e.length()});
            }
        }
        return out;
    }

    /** {@code range} minus the sorted, disjoint {@code taken} ranges. */
    static List<long[]> subtract(long[] range, List<long[]> taken) {
        List<long[]> out = new java.util.ArrayList<>();
        long from = range[0];
        for (long[] t : taken) {
            if (t[1] <= from || t[0] >= range[1]) {
                continue;
            }
            if (t[0] > from) {
                out.add(new long[] {from, t[0]});
            }
            from = Math.max(from, t[1]);
        }
        if (from < range[1]) {
            out.add(new long[] {from, range[1]});
        }
        return out;
    }

    /** The volume's file is replaced by an empty overlay on the snapshot's: what was written since is gone. */
    @Override
    public synchronized void revert(String volumeId, String snapshot, Optional<Passphrase> passphrase, LuksParams luks) {
        Path active = existing(volumeId);
        Path frozen = snapshotFile(volumeId, snapshot);
        if (!Files.exists(frozen)) {
            throw new VolumeBackendException("snapshot file " + frozen + " does not exist");
        }
        replaceWithOverlay(active, frozen, disks.info(frozen).virtualSize(), passphrase, luks);
    }

    @Override
    public synchronized void cloneSnapshot(String volumeId, String snapshot, String newVolumeId, long sizeBytes,
            Optional<Passphrase> passphrase, LuksParams luks) {
        Path frozen = snapshotFile(volumeId, snapshot);
        Path target = pathOf(newVolumeId);
        if (!Files.exists(frozen)) {
            throw new VolumeBackendException("snapshot file " + frozen + " does not exist");
        }
        if (Files.exists(target)) {
            throw new VolumeBackendException("volume file " + target + " exists already");
        }
        long size = Math.max(sizeBytes, disks.info(frozen).virtualSize());
        disks.create(target, overlay(frozen, size, passphrase, luks));
    }

    @Override
    public boolean hasSnapshot(String volumeId, String snapshot) {
        return Files.exists(snapshotFile(volumeId, snapshot));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the caller reports what is left
        }
    }
}
