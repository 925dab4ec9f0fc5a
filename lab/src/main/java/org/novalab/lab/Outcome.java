package org.novalab.lab;

/** What happened when a domain was started on a disk: the three outcomes the seed's experiments tell apart. */
public enum Outcome {
    /** The guest ran: console.log shows its banner. */
    BOOTED("booted"),
    /** QEMU opened the disk, but sector 0 held no boot program (the firmware read garbage): "No bootable device." */
    NO_BOOT("garbage boot sector, no boot"),
    /** The start failed while QEMU opened the disk (a LUKS key that unlocks no key slot). */
    REFUSED("refused at open"),
    /** The hypervisor refuses this disk format outright (real QEMU 7.2 / libvirt 9.0 and legacy AES). */
    UNSUPPORTED("refused: format no longer supported"),
    /** The case could not run here (a tool is missing); the note says why. */
    SKIPPED("not run");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
