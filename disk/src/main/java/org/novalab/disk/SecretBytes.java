package org.novalab.disk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Secret bytes kept off the Java heap, in a direct buffer of their own, and zeroed on {@link #close()}.
 *
 * <p>Why off the heap: a secret that stays in memory for a while (a libvirt secret of novalab's emulated secret
 * store, the key manager's master key, a passphrase a LUKS format holds for seconds) would otherwise sit in a
 * byte[] that every heap dump shows, which is how heap dumps leak secrets (they are taken for diagnostics and
 * passed around). A heap dump holds a direct buffer's object, never its contents, and the garbage collector never
 * copies those contents around. What this is not: a defence against a reader of the process's whole memory (a
 * core dump, {@code /proc/PID/mem}, swap), where the value is as plain as it is in libvirtd's own memory.
 *
 * <p>Heap copies handed out by {@link #toByteArray()} are the caller's to zero, right after use. Files are read
 * and written straight from and into the direct buffer ({@link #read}, {@link #writeTo}): a channel given a heap
 * buffer copies it through a temporary direct buffer that the JDK keeps per thread, unzeroed.
 */
public final class SecretBytes implements AutoCloseable {
    private final ByteBuffer value;
    private volatile boolean closed;

    private SecretBytes(ByteBuffer value) {
        this.value = value;
    }

    /** Copies {@code bytes}; the caller zeroes its own array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    public static SecretBytes copyOf(byte[] bytes, int offset, int length) {
        ByteBuffer direct = ByteBuffer.allocateDirect(length);
        direct.put(0, bytes, offset, length);
        return new SecretBytes(direct);
    }

    /** Reads exactly {@code length} bytes from {@code channel} into a new holder, never through the heap. */
    public static SecretBytes read(ReadableByteChannel channel, int length) throws IOException {
        SecretBytes secret = new SecretBytes(ByteBuffer.allocateDirect(length));
        ByteBuffer into = secret.value.duplicate();
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                secret.close();
                throw new EOFException("the channel ended after " + into.position() + " of " + length + " bytes");
            }
        }
        return secret;
    }

    /** Writes the bytes to {@code channel} from the direct buffer itself. */
    public void writeTo(WritableByteChannel channel) throws IOException {
        checkOpen();
        ByteBuffer from = value.duplicate();
        from.clear();
        while (from.hasRemaining()) {
            channel.write(from);
        }
    }

    public int length() {
        return value.capacity();
    }

    /** A heap copy of the secret, for an API that takes a byte[]: zero it as soon as the call returns. */
    public byte[] toByteArray() {
        checkOpen();
        byte[] copy = new byte[value.capacity()];
        value.get(0, copy);
        return copy;
    }

    /** Another off-heap holder of the same bytes (copied buffer to buffer, never through the heap). */
    public SecretBytes copy() {
        checkOpen();
        ByteBuffer direct = ByteBuffer.allocateDirect(value.capacity());
        direct.put(0, value, 0, value.capacity());
        return new SecretBytes(direct);
    }

    /** Constant-time comparison of the values (the time depends on the lengths only). */
    public boolean matches(SecretBytes other) {
        checkOpen();
        other.checkOpen();
        int n = value.capacity();
        int diff = n ^ other.value.capacity();
        for (int i = 0; i < n && i < other.value.capacity(); i++) {
            diff |= value.get(i) ^ other.value.get(i);
        }
        return diff == 0;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Zeroes the bytes; the native memory itself goes when the buffer is collected. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < value.capacity(); i++) {
            value.put(i, (byte) 0);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("secret already closed");
        }
    }

    @Override
    public String toString() {
        return "SecretBytes[****]";
    }
}
