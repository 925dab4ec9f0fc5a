package org.novalab.storage.pool;

/** {@code rados} answers "No such file or directory" for it. */
public class ObjectNotFound extends PoolException {
    public ObjectNotFound(String pool, String object) {
        super("object " + pool + "/" + object + ": No such file or directory");
    }
}
