package org.novalab.imagecache.testing;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.novalab.image.ImageNotFound;
import org.novalab.image.ImageRecord;
import org.novalab.imagecache.ImageSource;

/** An in-memory image source that counts downloads and can serve slowly, to widen race windows. */
public final class CountingSource implements ImageSource {
    private final Map<String, ImageRecord> records = new ConcurrentHashMap<>();
    private final Map<String, byte[]> data = new ConcurrentHashMap<>();
    private final AtomicInteger opens = new AtomicInteger();
    private final long delayPerReadMillis;

    public CountingSource(long delayPerReadMillis) {
        this.delayPerReadMillis = delayPerReadMillis;
    }

    public CountingSource add(ImageRecord record, byte[] bytes) {
        records.put(record.id(), record);
        data.put(record.id(), bytes);
        return this;
    }

    public int opens() {
        return opens.get();
    }

    @Override
    public ImageRecord describe(String imageId) {
        ImageRecord r = records.get(imageId);
        if (r == null) {
            throw new ImageNotFound(imageId);
        }
        return r;
    }

    @Override
    public InputStream open(String imageId) {
        describe(imageId);
        opens.incrementAndGet();
        return new FilterInputStream(new ByteArrayInputStream(data.get(imageId))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(delayPerReadMillis);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return super.read(b, off, Math.min(len, 256 * 1024));
            }
        };
    }
}
