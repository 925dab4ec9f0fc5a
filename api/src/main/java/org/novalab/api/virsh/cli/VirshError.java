package org.novalab.api.virsh.cli;

/** The server refused a virsh verb, or could not be reached; the message is libvirt's (or the server's). */
public final class VirshError extends RuntimeException {
    private final int status;

    public VirshError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the server was not reached. */
    public int status() {
        return status;
    }
}
