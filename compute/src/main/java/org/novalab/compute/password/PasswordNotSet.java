package org.novalab.compute.password;

import java.util.UUID;
import org.novalab.compute.ComputeException;

/**
 * A guest's administrator password could not be set (Nova's {@code set_admin_password} failures), of one of
 * Nova's three kinds, which its API answers differently. The message never holds the password.
 */
public final class PasswordNotSet extends ComputeException {
    public enum Kind {
        /** Nova's {@code QemuGuestAgentNotEnabled}: the image does not say {@code hw_qemu_guest_agent=yes}; 409. */
        AGENT_NOT_ENABLED,
        /** Nova's {@code NotImplementedError} for an agent that does not answer ({@code VIR_ERR_AGENT_UNRESPONSIVE}); 501. */
        NOT_IMPLEMENTED,
        /** Nova's {@code InstancePasswordSetFailed}: the guest is not running, or the agent failed; 409. */
        FAILED
    }

    private final Kind kind;

    private PasswordNotSet(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static PasswordNotSet agentNotEnabled() {
        return new PasswordNotSet(Kind.AGENT_NOT_ENABLED, "QEMU guest agent is not enabled");
    }

    public static PasswordNotSet agentUnresponsive(String libvirtMessage) {
        return new PasswordNotSet(Kind.NOT_IMPLEMENTED, libvirtMessage);
    }

    public static PasswordNotSet failed(UUID instance, String reason) {
        return new PasswordNotSet(Kind.FAILED, "Failed to set admin password on " + instance + " because " + reason);
    }

    /** The refusal a compute host answered over the bus, of its kind and in its words. */
    public static PasswordNotSet answered(Kind kind, String message) {
        return new PasswordNotSet(kind, message);
    }

    public Kind kind() {
        return kind;
    }
}
