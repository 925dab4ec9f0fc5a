package org.novalab.storage.cli;

import org.novalab.cli.UsageError;

/**
 * An image or snapshot as the rbd tool names it, {@code [POOL/]IMAGE[@SNAP]}; the pool defaults to {@code -p}'s.
 *
 * @param snapshot null when none was given
 */
record RbdSpec(String pool, String image, String snapshot) {
    static RbdSpec parse(String text, String defaultPool) {
        String pool = defaultPool;
        String rest = text;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            pool = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        String snapshot = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            snapshot = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        if (pool.isEmpty() || rest.isEmpty() || (snapshot != null && snapshot.isEmpty())) {
            throw new UsageError("rbd: bad image spec '" + text + "': expected [POOL/]IMAGE[@SNAP]");
        }
        return new RbdSpec(pool, rest, snapshot);
    }

    /** For verbs on a snapshot ({@code snap create}, {@code clone}'s parent, {@code children}). */
    RbdSpec withSnapshot(String verb) {
        if (snapshot == null) {
            throw new UsageError("rbd " + verb + ": snapshot name was not specified (give POOL/IMAGE@SNAP)");
        }
        return this;
    }

    /** For verbs on an image's head only. */
    RbdSpec withoutSnapshot(String verb) {
        if (snapshot != null) {
            throw new UsageError("rbd " + verb + ": snapshot name specified for a command that doesn't use it");
        }
        return this;
    }

    @Override
    public String toString() {
        return pool + "/" + image + (snapshot == null ? "" : "@" + snapshot);
    }
}
