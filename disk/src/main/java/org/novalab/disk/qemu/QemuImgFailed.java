package org.novalab.disk.qemu;

import org.novalab.disk.DiskException;

/** qemu-img exited with an error. The message carries its (secret-scrubbed) stderr and exit code. */
public class QemuImgFailed extends DiskException {
    /** qemu-img 7.2's PBKDF2 calibration gives up on a coarse CPU clock; a retry usually succeeds. */
    static final String CPU_USAGE_FAILURE = "Unable to get accurate CPU usage";

    private final int exitCode;
    private final String stderr;

    public QemuImgFailed(String subcommand, int exitCode, String stderr) {
        super("qemu-img " + subcommand + " failed (exit " + exitCode + "): " + stderr.strip());
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }

    /** Whether this is the transient PBKDF2-benchmark failure of LUKS creation (worth a retry). */
    public boolean isCpuUsageBenchmarkFailure() {
        return stderr.contains(CPU_USAGE_FAILURE);
    }
}
