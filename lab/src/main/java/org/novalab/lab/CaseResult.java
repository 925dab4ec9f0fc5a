package org.novalab.lab;

import java.util.Optional;

/**
 * One row's result: what novalab's compute driver showed, optionally what real qemu-img + libvirtd + QEMU showed,
 * and the disk's evidence.
 */
public record CaseResult(LabCase labCase, Observation observed, Optional<Observation> real,
                         Optional<DiskEvidence> evidence) {
    public CaseResult {
        real = real == null ? Optional.empty() : real;
        evidence = evidence == null ? Optional.empty() : evidence;
    }

    /** The emulated observation matches, and so does the real one when it ran. */
    public boolean matches() {
        return observed.satisfies(labCase) && real.map(this::realMatches).orElse(true);
    }

    /** A skipped real run matches nothing but fails nothing either: the report's notes say it was skipped. */
    private boolean realMatches(Observation r) {
        return r.outcome() == Outcome.SKIPPED || r.satisfies(labCase) || legacyRefusedByModernQemu(r);
    }

    /** Real QEMU 7.2 / libvirt 9.0 refuse legacy AES disks outright: that is the truth of today, not a mismatch. */
    private boolean legacyRefusedByModernQemu(Observation r) {
        return labCase.format() == org.novalab.disk.EncryptionFormat.AES && r.outcome() == Outcome.UNSUPPORTED;
    }
}
