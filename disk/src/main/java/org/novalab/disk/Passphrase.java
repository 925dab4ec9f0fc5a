package org.novalab.disk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A disk passphrase held as bytes so it can be zeroed after use. It never prints its value:
 * {@link #toString()} is masked, so it is safe in logs and exception messages by construction.
 * Close it (try-with-resources) when done; a closed passphrase refuses to hand out its bytes.
 */
public final class Passphrase implements AutoCloseable {
    private final byte[] value;
    private volatile boolean closed;

    private Passphrase(byte[] value) {
        this.value = value;
    }

    /** Takes a copy of {@code bytes}; the caller may zero its own array afterwards. */
    public static Passphrase of(byte[] bytes) {
        return new Passphrase(bytes.clone());
    }

    public static Passphrase of(String text) {
        return new Passphrase(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh copy of the secret bytes; zero it when done. */
    public byte[] bytes() {
        if (closed) {
            throw new IllegalStateException("passphrase already closed");
        }
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Constant-time comparison. */
    public boolean matches(Passphrase other) {
        return java.security.MessageDigest.isEqual(value, other.value);
    }

    public Passphrase copy() {
        return of(bytes());
    }

    @Override
    public void close() {
        Arrays.fill(value, (byte) 0);
        closed = true;
    }

    @Override
    public String toString() {
        return "Passphrase[****]";
    }
}
