package org.novalab.lab.web;

import java.util.List;
import java.util.Optional;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageService;
import org.novalab.lab.classroom.GlanceImage;
import org.novalab.lab.classroom.ImageCatalog;
import org.novalab.storage.Image;
import org.novalab.storage.Pool;

/** The classroom's view of Glance: an image record and its bytes, the pool's {@code rbd_data.<prefix>.*} objects. */
final class StoreCatalog implements ImageCatalog {
    private final ImageService store;

    StoreCatalog(ImageService store) {
        this.store = store;
    }

    @Override
    public Optional<GlanceImage> byId(String imageId) {
        return store.find(imageId).map(i -> new GlanceImage(i.id(), i.name(), i.diskFormat(), i.size() == null ? 0 : i.size(),
                        objects(i)));
    }

    private List<String> objects(ImageRecord image) {
        try {
            Pool p = store.pool();
            if (!p.exists(image.id())) {
                return List.of();
            }
            try (Image stored = p.open(image.id())) {
                return p.dataObjects(stored.stat()).stream().map(o -> p.name() + "/" + o).toList();
            }
        } catch (RuntimeException e) {
            return List.of(); // no pool (another image store): the flow says "none listed"
        }
    }

}
