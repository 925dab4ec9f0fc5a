package org.novalab.compute.volume;

/** A volume operation the backend refuses or cannot do, in words a user can act on. */
public class VolumeBackendException extends RuntimeException {
    public VolumeBackendException(String message) {
        super(message);
    }

    public VolumeBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
