package org.novalab.api.image;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.novalab.api.persistence.Database;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageRepository;
import org.novalab.image.ImageStatus;

/** The image service's records in novalab's database (tables images and image_properties). */
public final class HibernateImageRepository implements ImageRepository {
    private final Database db;

    public HibernateImageRepository(Database db) {
        this.db = db;
    }

    @Override
    public ImageRecord save(ImageRecord r) {
        db.run(s -> {
            ImageEntity e = s.get(ImageEntity.class, r.id());
            boolean fresh = e == null;
            if (fresh) {
                e = new ImageEntity(r.id());
            }
            e.name = r.name();
            e.status = r.status().glanceName();
            e.diskFormat = r.diskFormat();
            e.containerFormat = r.containerFormat();
            e.size = r.size();
            e.virtualSize = r.virtualSize();
            e.checksum = r.checksum();
            e.osHashAlgo = r.osHashAlgo();
            e.osHashValue = r.osHashValue();
            e.minDisk = r.minDisk();
            e.minRam = r.minRam();
            e.visibility = r.visibility();
            e.isProtected = r.isProtected();
            e.owner = r.owner();
            e.createdAt = r.createdAt();
            e.updatedAt = r.updatedAt();
            e.properties.clear();
            e.properties.putAll(r.properties());
            if (fresh) {
                s.persist(e);
            }
        });
        return r;
    }

    @Override
    public Optional<ImageRecord> find(String id) {
        return Optional.ofNullable(db.read(s -> {
            ImageEntity e = s.get(ImageEntity.class, id);
            return e == null ? null : record(e);
        }));
    }

    @Override
    public List<ImageRecord> all() {
        return db.read(s -> s.createSelectionQuery("from ImageEntity order by createdAt, id", ImageEntity.class)
                .list().stream().map(HibernateImageRepository::record).toList());
    }

    @Override
    public void delete(String id) {
        db.run(s -> {
            ImageEntity e = s.get(ImageEntity.class, id);
            if (e != null) {
                s.remove(e);
            }
        });
    }

    private static ImageRecord record(ImageEntity e) {
        return new ImageRecord(e.id, e.name, ImageStatus.fromGlanceName(e.status), e.diskFormat, e.containerFormat,
                e.size, e.virtualSize, e.checksum, e.osHashAlgo, e.osHashValue, e.minDisk, e.minRam, e.visibility,
                e.isProtected, e.owner, e.createdAt, e.updatedAt, new TreeMap<>(e.properties));
    }
}
