package org.novalab.compute.hypervisor;

import org.libvirt.Error;
import org.libvirt.LibvirtException;

/**
 * Reads libvirt errors. libvirt-java 0.5.2's {@code Error.getCode()} names codes >= 60 wrongly (its enum misses four
 * codes), so callers match on the message and the error domain, never on the code name.
 */
public final class LibvirtErrors {
    private LibvirtErrors() {
    }

    public static String message(LibvirtException e) {
        Error err = e.getError();
        String m = err == null ? null : err.getMessage();
        return m == null ? String.valueOf(e.getMessage()) : m;
    }

    public static boolean isNoDomain(LibvirtException e) {
        Error err = e.getError();
        return err != null && err.getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    public static boolean isNoSupport(LibvirtException e) {
        Error err = e.getError();
        return err != null && err.getCode() == Error.ErrorNumber.VIR_ERR_NO_SUPPORT;
    }

    public static boolean isNoSecret(LibvirtException e) {
        String m = message(e);
        return m.startsWith("Secret not found");
    }

    public static boolean isPrivateSecret(LibvirtException e) {
        return message(e).contains("secret is private");
    }
}
