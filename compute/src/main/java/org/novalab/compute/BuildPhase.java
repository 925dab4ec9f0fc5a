package org.novalab.compute;

import java.util.Locale;

/**
 * The steps of a spawn (Nova's {@code spawn}: {@code _create_image}, the secret, the domain), each timed on its own
 * so an operator sees which one is slow. The names are the {@code phase} label of {@code novalab_build_phase_seconds}.
 */
public enum BuildPhase {
    /** {@code fetch_to_base}: the image into {@code _base} (a cache hit is quick). */
    FETCH,
    /** The instance disk: overlay, convert or clone, and its metadata files. */
    DISK,
    /**
     * The libvirt secret defined and given the passphrase (encrypted disks only; the passphrase's random bytes are
     * drawn just before, its sealed row is stored during {@link #DISK}).
     */
    SECRET,
    /** The domain XML defined in libvirt. */
    DEFINE,
    /** The domain started (under the test driver the emulated firmware runs the guest inside this step). */
    START,
    /** Reading the guest's verdict off console.log: did it boot. */
    GUEST_BOOT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
