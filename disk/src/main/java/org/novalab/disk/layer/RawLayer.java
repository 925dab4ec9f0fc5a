package org.novalab.disk.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.novalab.disk.DiskException;
import org.novalab.disk.ImageFormat;
import org.novalab.disk.qcow2.ImageFile;

/** A raw file: guest offset = file offset, every byte is data. */
public final class RawLayer implements Layer {
    private final ImageFile file;

    private RawLayer(ImageFile file) {
        this.file = file;
    }

    public static RawLayer open(Path path, boolean writable) {
        try {
            FileChannel ch = writable ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            return new RawLayer(new ImageFile(path, ch, writable));
        } catch (NoSuchFileException e) {
            throw new DiskException("Could not open '" + path + "': No such file or directory", e);
        } catch (IOException e) {
            throw new DiskException("Could not open '" + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.RAW;
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public boolean encrypted() {
        return false;
    }

    @Override
    public Extent extent(long offset, long maxLength) {
        return new Extent(Extent.Kind.DATA, Math.min(maxLength, size() - offset), offset);
    }

    @Override
    public void readData(long offset, byte[] buf, int off, int len) {
        file.readZeroPadded(offset, buf, off, len);
    }

    @Override
    public void readData(long offset, ByteBuffer dst) {
        file.readZeroPadded(offset, dst);
    }

    @Override
    public void write(long offset, byte[] buf, int off, int len, GuestReader below) {
        write(offset, ByteBuffer.wrap(buf, off, len), below);
    }

    @Override
    public void write(long offset, ByteBuffer src, GuestReader below) {
        int len = src.remaining();
        if (offset < 0 || offset + len > size()) {
            throw new DiskException("write of " + len + " bytes at " + offset + " is outside the disk");
        }
        file.write(offset, src);
    }

    public void resize(long newSize) {
        file.truncate(newSize);
    }

    @Override
    public void flush() {
        if (file.writable()) {
            file.force();
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
