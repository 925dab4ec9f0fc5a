package org.novalab.disk;

/** The root of the disk library's errors. Messages name the file and the problem, never a secret. */
public class DiskException extends RuntimeException {
    public DiskException(String message) {
        super(message);
    }

    public DiskException(String message, Throwable cause) {
        super(message, cause);
    }
}
