package org.novalab.storage.ceph;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.novalab.storage.StorageException;

/** librados2 and librbd1, loaded on first use, so nothing native loads unless a Ceph store is configured. */
final class NativeCeph {
    private static Librados rados;
    private static Librbd rbd;

    private NativeCeph() {
    }

    static synchronized Librados rados() {
        if (rados == null) {
            rados = load("rados", Librados.class, "librados2");
        }
        return rados;
    }

    static synchronized Librbd rbd() {
        if (rbd == null) {
            rbd = load("rbd", Librbd.class, "librbd1");
        }
        return rbd;
    }

    private static <T extends Library> T load(String name, Class<T> type, String debianPackage) {
        try {
            return Native.load(name, type);
        } catch (UnsatisfiedLinkError e) {
            throw new StorageException("cannot load lib" + name + " (install the " + debianPackage
                    + " package to use a Ceph cluster): " + e.getMessage(), e);
        }
    }
}
