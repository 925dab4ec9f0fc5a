package org.novalab.compute.hypervisor;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.novalab.compute.HypervisorError;

/**
 * One libvirt connection kept open for the process lifetime: the test driver's state ({@code test:///default})
 * lives only while a connection is open. libvirt's default error handler (which prints to stderr) is replaced by
 * a silent one: errors reach us as exceptions.
 */
public final class LibvirtConnection implements AutoCloseable {
    /** Held statically: JNA must not collect a callback libvirt still points to. */
    private static final ErrorCallback SILENT = new ErrorCallback();

    private final String uri;
    private final Connect connect;

    private LibvirtConnection(String uri, Connect connect) {
        this.uri = uri;
        this.connect = connect;
    }

    public static LibvirtConnection open(String uri) {
        try {
            Connect.setErrorCallback(SILENT);
            return new LibvirtConnection(uri, new Connect(uri, false));
        } catch (LibvirtException e) {
            throw new HypervisorError("cannot connect to " + uri + ": " + LibvirtErrors.message(e), e);
        } catch (UnsatisfiedLinkError e) {
            throw new HypervisorError("libvirt.so.0 is not installed (apt-get install libvirt0): " + e.getMessage(), e);
        }
    }

    public String uri() {
        return uri;
    }

    /** The test driver: defines and "runs" domains in-process, starts no guest, has no secret API. */
    public boolean isTestDriver() {
        return uri.startsWith("test:") || uri.startsWith("test+");
    }

    public Connect connect() {
        return connect;
    }

    @Override
    public synchronized void close() {
        try {
            connect.close();
        } catch (LibvirtException e) {
            throw new HypervisorError("closing " + uri + ": " + LibvirtErrors.message(e), e);
        }
    }
}
