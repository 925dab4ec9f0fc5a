package org.novalab.api.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.novalab.api.http.ApiException;
import org.novalab.api.image.ImageData;
import org.novalab.api.image.ImageStore;
import org.novalab.api.image.ImageUpdate;
import org.novalab.api.image.NewImageData;

/** An in-memory image store standing in for imagecache's ImageService in API tests. */
public final class FakeImages implements ImageStore {
    private final Map<String, ImageData> images = new ConcurrentHashMap<>();
    private final Map<String, byte[]> data = new ConcurrentHashMap<>();

    @Override
    public ImageData create(NewImageData n) {
        String id = n.id() != null ? n.id() : UUID.randomUUID().toString();
        Instant now = Instant.now();
        ImageData image = new ImageData(id, n.name(), "queued", n.diskFormat(), n.containerFormat(), null, null, null,
                null, null, n.minDisk(), n.minRam(), n.visibility(), n.isProtected(), n.owner(), now, now, n.properties());
        images.put(id, image);
        return image;
    }

    /** An active public image of the given virtual size, as the fixture bootstrap would make. */
    public ImageData seed(String name, long virtualSize, Map<String, String> properties) {
        Instant now = Instant.now();
        ImageData image = new ImageData(UUID.randomUUID().toString(), name, "active", "raw", "bare", virtualSize,
                virtualSize, "0".repeat(32), "sha512", "0".repeat(128), 0, 0, "public", false, null, now, now, properties);
        images.put(image.id(), image);
        return image;
    }

    @Override
    public ImageData upload(String id, InputStream in) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            byte[] bytes = in.readAllBytes();
            md5.update(bytes);
            sha.update(bytes);
            data.put(id, bytes);
            ImageData i = images.get(id);
            ImageData done = new ImageData(i.id(), i.name(), "active", i.diskFormat(), i.containerFormat(),
                    (long) bytes.length, (long) bytes.length, HexFormat.of().formatHex(md5.digest()), "sha512",
                    HexFormat.of().formatHex(sha.digest()), i.minDisk(), i.minRam(), i.visibility(), i.isProtected(),
                    i.owner(), i.createdAt(), Instant.now(), i.properties());
            images.put(id, done);
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream download(String id) {
        return new ByteArrayInputStream(data.get(id));
    }

    @Override
    public Optional<ImageData> find(String id) {
        return Optional.ofNullable(images.get(id));
    }

    @Override
    public List<ImageData> list() {
        return List.copyOf(images.values());
    }

    @Override
    public ImageData update(String id, ImageUpdate u) {
        ImageData i = images.get(id);
        Map<String, String> props = new HashMap<>(i.properties());
        props.putAll(u.setProperties());
        u.removeProperties().forEach(props::remove);
        ImageData changed = new ImageData(i.id(), u.name() != null ? u.name() : i.name(), i.status(),
                u.diskFormat() != null ? u.diskFormat() : i.diskFormat(),
                u.containerFormat() != null ? u.containerFormat() : i.containerFormat(), i.size(), i.virtualSize(),
                i.checksum(), i.osHashAlgo(), i.osHashValue(), u.minDisk() != null ? u.minDisk() : i.minDisk(),
                u.minRam() != null ? u.minRam() : i.minRam(), u.visibility() != null ? u.visibility() : i.visibility(),
                u.isProtected() != null ? u.isProtected() : i.isProtected(), i.owner(), i.createdAt(), Instant.now(),
                props);
        images.put(id, changed);
        return changed;
    }

    @Override
    public void delete(String id) {
        if (images.remove(id) == null) {
            throw ApiException.notFound("No image found with ID " + id);
        }
        data.remove(id);
    }
}
