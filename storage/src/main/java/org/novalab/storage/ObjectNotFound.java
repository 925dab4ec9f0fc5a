package org.novalab.storage;

/** librados' ObjectNotFound (ENOENT): {@code rados} answers "No such file or directory" for it. */
public class ObjectNotFound extends StorageException {
    public ObjectNotFound(String pool, String object) {
        super("object " + pool + "/" + object + ": No such file or directory");
    }
}
