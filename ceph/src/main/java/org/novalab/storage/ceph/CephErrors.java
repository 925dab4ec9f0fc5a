package org.novalab.storage.ceph;

import org.novalab.storage.ImageBusy;
import org.novalab.storage.ImageExists;
import org.novalab.storage.ImageHasSnapshots;
import org.novalab.storage.ImageNotFound;
import org.novalab.storage.InvalidArgument;
import org.novalab.storage.ObjectNotFound;
import org.novalab.storage.ReadOnlyImage;
import org.novalab.storage.StorageException;

/**
 * librados' and librbd's negative errnos turned into the seam's exceptions, as the Python bindings name them
 * ({@code rbd.ImageNotFound} for ENOENT, {@code rbd.ImageBusy} for EBUSY, ...). Messages name what was asked, then
 * the system's words for the errno, as the {@code rbd} and {@code rados} tools print them.
 */
final class CephErrors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int EROFS = 30;
    static final int ERANGE = 34;
    static final int ENOTEMPTY = 39;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;

    private CephErrors() {
    }

    /** The errno's words, {@code strerror(3)} for the ones Ceph returns. */
    static String describe(int rc) {
        return switch (-rc) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case EIO -> "Input/output error";
            case EACCES -> "Permission denied";
            case EBUSY -> "Device or resource busy";
            case EEXIST -> "File exists";
            case EINVAL -> "Invalid argument";
            case ENOSPC -> "No space left on device";
            case EROFS -> "Read-only file system";
            case ERANGE -> "Numerical result out of range";
            case ENOTEMPTY -> "Directory not empty";
            case ENOTCONN -> "Transport endpoint is not connected";
            case ETIMEDOUT -> "Connection timed out";
            default -> "error " + (-rc);
        };
    }

    /** An image or snapshot call: {@code what} names it, e.g. {@code rbd image images/a}. */
    static StorageException image(int rc, String what) {
        String message = what + ": " + describe(rc);
        return switch (-rc) {
            case ENOENT -> new ImageNotFound(message);
            case EEXIST -> new ImageExists(what + " already exists");
            case EBUSY -> new ImageBusy(message);
            case ENOTEMPTY -> new ImageHasSnapshots(message);
            case EINVAL -> new InvalidArgument(message);
            case EROFS -> new ReadOnlyImage(message);
            default -> new StorageException(message);
        };
    }

    /** Throws {@link #image} unless {@code rc} is a success (0 or a count). */
    static long checkImage(long rc, String what) {
        if (rc < 0) {
            throw image((int) rc, what);
        }
        return rc;
    }

    /** An object call in {@code pool}. */
    static StorageException object(int rc, String pool, String object) {
        if (-rc == ENOENT) {
            return new ObjectNotFound(pool, object);
        }
        if (-rc == EINVAL) {
            return new InvalidArgument("object " + pool + "/" + object + ": " + describe(rc));
        }
        return new StorageException("object " + pool + "/" + object + ": " + describe(rc));
    }

    static long checkObject(long rc, String pool, String object) {
        if (rc < 0) {
            throw object((int) rc, pool, object);
        }
        return rc;
    }

    /** A cluster or pool call that has no domain name of its own. */
    static long check(long rc, String what) {
        if (rc < 0) {
            throw new StorageException(what + ": " + describe((int) rc));
        }
        return rc;
    }
}
