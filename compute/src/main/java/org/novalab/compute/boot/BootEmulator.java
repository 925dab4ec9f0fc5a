package org.novalab.compute.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import org.novalab.compute.domain.DiskDefinition;
import org.novalab.compute.domain.DiskSource;
import org.novalab.compute.domain.DomainDefinition;
import org.novalab.compute.secret.SecretException;
import org.novalab.compute.secret.SecretKeyring;
import org.novalab.disk.BlockDevice;
import org.novalab.disk.DiskException;
import org.novalab.disk.InvalidPassphrase;
import org.novalab.disk.KeyLookup;
import org.novalab.disk.Passphrase;
import org.novalab.disk.PassphraseRequired;
import org.novalab.fixture.FixtureGuest;

/**
 * What QEMU + SeaBIOS + the guest would do with a started domain, for the test driver (which runs nothing).
 * Opens the boot disk through its chain with the passphrase the XML's secret holds, exactly as QEMU would:
 * a LUKS key that unlocks no slot refuses the start; a legacy AES key is never checked (a wrong one reads garbage,
 * except where reads fall through to a plaintext backing file). Then it reads sector 0 like the BIOS, and when it
 * holds the fixture guest's program, does what that program does: reads LBA 1..4 with int 13h, prints the
 * NUL-terminated text at 0x7E00 to COM1 (console.log) and writes the sector it read from LBA 4 to LBA 2048.
 */
public final class BootEmulator {
    static final String SEABIOS = "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n";
    static final String BOOTING = "Booting from Hard Disk...\r\n";
    static final String NOT_BOOTABLE = "Boot failed: not a bootable disk\r\n\r\nNo bootable device.\r\n";
    static final String UNKNOWN = "novalab: the boot sector is not the fixture guest's program; its run is not "
            + "emulated (use a real hypervisor to run it)\r\n";

    private final SecretKeyring keyring;
    private final GuestDiskOpener disks;

    public BootEmulator(SecretKeyring keyring, GuestDiskOpener disks) {
        this.keyring = keyring;
        this.disks = disks;
    }

    public BootOutcome boot(DomainDefinition domain) {
        Optional<DiskDefinition> bootDisk = domain.bootDisk();
        if (bootDisk.isEmpty()) {
            return print(domain, new BootOutcome(BootOutcome.Kind.NO_BOOTABLE_DEVICE, SEABIOS + "No bootable device.\r\n"));
        }
        DiskDefinition disk = bootDisk.get();
        try (Passphrase key = passphrase(disk);
             BlockDevice device = open(disk, key, false)) {
            String volumes = openTheOtherDisks(domain);
            BootOutcome ran = run(device);
            return print(domain, new BootOutcome(ran.kind(), ran.printed() + volumes));
        }
    }

    /**
     * QEMU's hotplug of {@code disk} into the running {@code domain} ({@code blockdev-add} then {@code device_add}):
     * the disk is opened, an encrypted one unlocked with the secret its XML names; a key that unlocks nothing fails
     * the hotplug with QEMU's message and the guest keeps what it had. The emulated guest reports the disk it now
     * sees on its console.
     */
    public void hotplug(DomainDefinition domain, DiskDefinition disk) {
        try (Passphrase key = passphrase(disk);
             BlockDevice device = open(disk, key, true)) {
            domain.consoleLog().ifPresent(log -> append(log, sees(disk, device.size())));
        }
    }

    /** QEMU's {@code device_del} of {@code disk}: the guest reports that the disk is gone. */
    public void unplug(DomainDefinition domain, DiskDefinition disk) {
        domain.consoleLog().ifPresent(log -> append(log, "novalab: the guest lost disk " + disk.targetDev()
                + disk.serial().map(s -> " (serial " + s + ")").orElse("") + "\r\n"));
    }

    /** What the emulated guest prints of a data disk it sees (the fixture guest has no kernel to print it). */
    static String sees(DiskDefinition disk, long bytes) {
        return "novalab: the guest sees disk " + disk.targetDev() + disk.serial().map(s -> " (serial " + s + ")")
                .orElse("") + ": " + bytes + " bytes, " + bytes / FixtureGuest.SECTOR + " 512-byte sectors\r\n";
    }

    /**
     * QEMU opens every disk of the domain when it starts, not only the one the firmware boots (a rescue guest's
     * second disk is the instance's own root disk): one that cannot be opened or unlocked refuses the start.
     */
    private String openTheOtherDisks(DomainDefinition domain) {
        StringBuilder volumes = new StringBuilder();
        for (DiskDefinition other : domain.disks().subList(1, domain.disks().size())) {
            try (Passphrase key = passphrase(other);
                 BlockDevice device = open(other, key, false)) {
                // opened and unlocked, as the guest will find it; an attached volume (it has a serial) is reported
                if (other.serial().isPresent()) {
                    volumes.append(sees(other, device.size()));
                }
            }
        }
        return volumes.toString();
    }

    /**
     * What QEMU does when libvirt restores a guest from its managed save image: it opens the disks again (an
     * encrypted one with the secret the XML names, so a secret that is gone or a key that unlocks nothing refuses
     * the restore as it refuses a boot), then the saved guest carries on: no firmware runs, nothing is printed.
     */
    public void restore(DomainDefinition domain) {
        Optional<DiskDefinition> bootDisk = domain.bootDisk();
        if (bootDisk.isEmpty()) {
            return;
        }
        DiskDefinition disk = bootDisk.get();
        try (Passphrase key = passphrase(disk);
             BlockDevice device = open(disk, key, false)) {
            // opened and unlocked: that is all a restore asks of the disk
        }
    }

    private Passphrase passphrase(DiskDefinition disk) {
        if (disk.encryption().isEmpty()) {
            return null;
        }
        UUID secret = disk.encryption().get().secretUuid();
        try {
            return keyring.passphraseForHypervisor(secret);
        } catch (SecretException e) {
            throw new GuestStartRefused(e.getMessage(), e);
        }
    }

    private BlockDevice open(DiskDefinition disk, Passphrase key, boolean hotplug) {
        // libvirt hands QEMU the secret for the top image only (its <encryption> element)
        Path top = disk.source() instanceof DiskSource.File f ? f.path().toAbsolutePath().normalize() : null;
        KeyLookup keys = key == null ? KeyLookup.NONE
                : image -> image.toAbsolutePath().normalize().equals(top) || top == null
                        ? Optional.of(key.copy()) : Optional.empty();
        try {
            return disks.open(disk, keys);
        } catch (InvalidPassphrase e) {
            throw new GuestStartRefused(qemuError(disk, "Invalid password, cannot unlock any keyslot", hotplug), e);
        } catch (PassphraseRequired e) {
            throw new GuestStartRefused(qemuError(disk, "Parameter 'encrypt.key-secret' is required for cipher",
                    hotplug), e);
        } catch (DiskException e) {
            throw new GuestStartRefused(qemuError(disk, e.getMessage(), hotplug), e);
        } catch (UncheckedIOException e) {
            throw new GuestStartRefused("Cannot access storage file '" + describe(disk) + "': "
                    + e.getCause().getMessage(), e);
        }
    }

    private static BootOutcome run(BlockDevice device) {
        byte[] sector0 = read(device, 0, 1);
        if (!FixtureGuest.hasBootSignature(sector0)) {
            return new BootOutcome(BootOutcome.Kind.NO_BOOTABLE_DEVICE, SEABIOS + BOOTING + NOT_BOOTABLE);
        }
        if (!FixtureGuest.isFixtureBootSector(sector0)) {
            return new BootOutcome(BootOutcome.Kind.UNKNOWN_BOOT_SECTOR, SEABIOS + BOOTING + UNKNOWN);
        }
        int sectors = FixtureGuest.BANNER_SECTORS + 1;
        byte[] loaded = read(device, FixtureGuest.BANNER_LBA, sectors);
        String printed = FixtureGuest.printedText(loaded);
        // the guest writes the sector it loaded from LBA 4 (its marker template) to the marker LBA
        byte[] marker = new byte[FixtureGuest.SECTOR];
        System.arraycopy(loaded, (int) (FixtureGuest.MARKER_TEMPLATE_LBA - FixtureGuest.BANNER_LBA) * FixtureGuest.SECTOR,
                marker, 0, FixtureGuest.SECTOR);
        // no flush: like QEMU (cache=writeback), the write reaches the file when the device closes
        device.write(FixtureGuest.MARKER_LBA * FixtureGuest.SECTOR, ByteBuffer.wrap(marker));
        return new BootOutcome(BootOutcome.Kind.FIXTURE_GUEST_RAN, SEABIOS + BOOTING + printed);
    }

    private static byte[] read(BlockDevice device, long lba, int count) {
        ByteBuffer buf = ByteBuffer.allocate(count * FixtureGuest.SECTOR);
        device.read(lba * FixtureGuest.SECTOR, buf);
        return buf.array();
    }

    private static BootOutcome print(DomainDefinition domain, BootOutcome outcome) {
        domain.consoleLog().ifPresent(log -> append(log, outcome.printed()));
        return outcome;
    }

    /** Like QEMU's file chardev: appended, not fsynced. */
    private static void append(Path log, String text) {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the serial console " + log, e);
        }
    }

    /** At start QEMU exits (libvirt's wording for that); a hotplug's {@code blockdev-add} fails over QMP instead. */
    private static String qemuError(DiskDefinition disk, String qemuMessage, boolean hotplug) {
        return hotplug ? "internal error: unable to execute QEMU command 'blockdev-add': " + qemuMessage
                : qemuBlockdevError(disk, qemuMessage);
    }

    /** libvirt's wording when QEMU exits while opening a -blockdev. */
    private static String qemuBlockdevError(DiskDefinition disk, String qemuMessage) {
        String fmt = disk.encryption().map(e -> ",\"encrypt\":{\"format\":\"" + (e.format().equals("qcow") ? "aes" : "luks")
                + "\",\"key-secret\":\"libvirt-1-format-encryption-secret0\"}").orElse("");
        return "internal error: qemu unexpectedly closed the monitor: qemu-system-x86_64: -blockdev {\"node-name\":"
                + "\"libvirt-1-format\",\"read-only\":false,\"driver\":\"" + disk.driverType() + "\"" + fmt
                + ",\"file\":\"libvirt-1-storage\"}: " + qemuMessage;
    }

    private static String describe(DiskDefinition disk) {
        return disk.source() instanceof DiskSource.File f ? f.path().toString()
                : ((DiskSource.Rbd) disk.source()).name();
    }
}
