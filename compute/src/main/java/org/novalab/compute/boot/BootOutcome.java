package org.novalab.compute.boot;

/** What the emulated firmware and guest did; {@code printed} is everything appended to console.log. */
public record BootOutcome(Kind kind, String printed) {
    public enum Kind {
        /** Sector 0 was the fixture guest: it printed its banner (or what the decrypted sectors held). */
        FIXTURE_GUEST_RAN,
        /** A boot sector with 55 AA that novalab does not emulate. */
        UNKNOWN_BOOT_SECTOR,
        /** Sector 0 without the boot signature: SeaBIOS gives up. */
        NO_BOOTABLE_DEVICE
    }
}
