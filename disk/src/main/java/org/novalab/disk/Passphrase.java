package org.novalab.disk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A disk passphrase, held off the Java heap ({@link SecretBytes}) so that no heap dump shows it and it can be
 * zeroed after use. It never prints its value: {@link #toString()} is masked, so it is safe in logs and exception
 * messages by construction. Close it (try-with-resources) when done; a closed passphrase refuses to hand out its
 * bytes.
 */
public final class Passphrase implements AutoCloseable {
    private final SecretBytes value;

    private Passphrase(SecretBytes value) {
        this.value = value;
    }

    /** Takes a copy of {@code bytes}; the caller may zero its own array afterwards. */
    public static Passphrase of(byte[] bytes) {
        return new Passphrase(SecretBytes.copyOf(bytes));
    }

    /**
     * From text, as UTF-8. Only for a value that is no secret to begin with (the seed's documented password, a
     * test's): a String cannot be zeroed, so a real secret never passes through one.
     */
    public static Passphrase of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            return of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A fresh heap copy of the secret bytes, for an API that takes a byte[]: zero it right after the call. */
    public byte[] bytes() {
        if (value.isClosed()) {
            throw new IllegalStateException("passphrase already closed");
        }
        return value.toByteArray();
    }

    /** Writes the passphrase to {@code channel} (a key file) straight from where it lives, off the heap. */
    public void writeTo(java.nio.channels.WritableByteChannel channel) throws java.io.IOException {
        if (value.isClosed()) {
            throw new IllegalStateException("passphrase already closed");
        }
        value.writeTo(channel);
    }

    public int length() {
        return value.length();
    }

    /** Constant-time comparison. */
    public boolean matches(Passphrase other) {
        return value.matches(other.value);
    }

    /** An independent passphrase with the same value (off the heap too), closed separately. */
    public Passphrase copy() {
        if (value.isClosed()) {
            throw new IllegalStateException("passphrase already closed");
        }
        return new Passphrase(value.copy());
    }

    @Override
    public void close() {
        value.close();
    }

    @Override
    public String toString() {
        return "Passphrase[****]";
    }
}
