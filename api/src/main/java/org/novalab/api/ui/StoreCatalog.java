package org.novalab.api.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.lab.classroom.GlanceImage;
import org.novalab.lab.classroom.ImageCatalog;
import org.novalab.storage.pool.Pool;
import org.novalab.storage.pool.RbdImage;

/**
 * The classroom's view of Glance: Nova names a {@code _base} file by the sha1 of the image id, so the image is the
 * one whose id hashes to the file name; its bytes are the pool's {@code rbd_data.<prefix>.*} objects.
 */
final class StoreCatalog implements ImageCatalog {
    private final ImageService store;
    private final Supplier<Pool> pool;

    StoreCatalog(ImageService store, Supplier<Pool> pool) {
        this.store = store;
        this.pool = pool;
    }

    @Override
    public Optional<GlanceImage> byBaseName(String baseFileName) {
        return store.list().stream().filter(i -> sha1(i.id()).equals(baseFileName)).findFirst()
                .map(i -> new GlanceImage(i.id(), i.name(), i.diskFormat(), i.size() == null ? 0 : i.size(),
                        objects(i)));
    }

    private List<String> objects(ImageRecord image) {
        try {
            Pool p = pool.get();
            return p.findImage(image.id()).map(RbdImage::storedDataObjects).orElse(List.of()).stream()
                    .map(o -> p.name() + "/" + o).toList();
        } catch (RuntimeException e) {
            return List.of(); // no pool (another image store): the flow says "none listed"
        }
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
