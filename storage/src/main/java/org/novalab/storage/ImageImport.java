package org.novalab.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code rbd import}: streams bytes into a new image from its start, never holding more than one object. All-zero
 * objects are not stored, so the image stays sparse. {@link #close()} records the size (the number of bytes
 * written); {@link #abort()} gives up and removes the image with every object stored. Not thread-safe.
 */
public abstract class ImageImport extends OutputStream {
    /** The image being filled (its size is 0 until {@link #close()}). */
    public abstract ImageInfo image();

    /** Bytes accepted so far. */
    public abstract long bytesWritten();

    /** Makes the bytes written the image's content and size. */
    @Override
    public abstract void close() throws IOException;

    /** Removes the image and every object written. */
    public abstract void abort();

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }
}
