package org.novalab.image.inspect;

/** The kinds of qcow2 metadata, named as QEMU's overlap check names them (qcow2-refcount.c, metadata_ol_names). */
enum Qcow2Metadata {
    HEADER("qcow2_header"),
    ACTIVE_L1("active L1 table"),
    ACTIVE_L2("active L2 table"),
    REFCOUNT_TABLE("refcount table"),
    REFCOUNT_BLOCK("refcount block"),
    SNAPSHOT_TABLE("snapshot table"),
    INACTIVE_L1("inactive L1 table"),
    INACTIVE_L2("inactive L2 table");

    private final String qemuName;

    Qcow2Metadata(String qemuName) {
        this.qemuName = qemuName;
    }

    /** L2 tables are shared between the active L1 and snapshots' L1 tables; nothing else is. */
    boolean shareableWith(Qcow2Metadata other) {
        return isL2() && other.isL2();
    }

    private boolean isL2() {
        return this == ACTIVE_L2 || this == INACTIVE_L2;
    }

    @Override
    public String toString() {
        return qemuName;
    }
}
