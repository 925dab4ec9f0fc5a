package org.novalab.disk.crypto;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import javax.crypto.SecretKey;
import org.novalab.disk.SecretBytes;

/**
 * An AES key for {@code javax.crypto} that lives off the Java heap and that {@link #destroy()} really destroys.
 * {@code SecretKeySpec} keeps a heap copy of its bytes until it is collected, and its {@code destroy()} throws
 * {@code DestroyFailedException} (JDK 17). The JDK's AES (SunJCE) reads a key through {@link #getEncoded()} in
 * {@code Cipher.init} and zeroes the copy it got once its key schedule is made (checked on JDK 17.0.15 in
 * {@code CipherCore}, {@code AESCipher.checkKeySize}, {@code KeyUtil.getKeySize}, {@code GaloisCounterMode});
 * what a cipher keeps after that is its key schedule, which {@link Ciphers#forgetKey} wipes.
 */
public final class AesKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final transient SecretBytes key;

    private AesKey(SecretBytes key) {
        this.key = key;
    }

    /** Copies {@code length} bytes of {@code bytes} (16, 24 or 32); the caller zeroes its own array. */
    public static AesKey copyOf(byte[] bytes, int offset, int length) {
        return of(SecretBytes.copyOf(bytes, offset, length));
    }

    /** Takes {@code key} over (it is destroyed with this key). */
    public static AesKey of(SecretBytes key) {
        int length = key.length();
        if (length != 16 && length != 24 && length != 32) {
            key.close();
            throw new IllegalArgumentException("AES needs a 16, 24 or 32 byte key, not " + length);
        }
        return new AesKey(key);
    }

    public static AesKey copyOf(byte[] bytes) {
        return copyOf(bytes, 0, bytes.length);
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A heap copy, as {@link java.security.Key} requires: the JDK zeroes the copies it takes; zero yours. */
    @Override
    public byte[] getEncoded() {
        if (key.isClosed()) {
            throw new IllegalStateException("AES key already destroyed");
        }
        return key.toByteArray();
    }

    @Override
    public void destroy() {
        key.close();
    }

    @Override
    public boolean isDestroyed() {
        return key.isClosed();
    }

    /** A key is never written anywhere, serialization included. */
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("an AES key is not serializable");
    }

    @Override
    public String toString() {
        return "AesKey[****]";
    }
}
