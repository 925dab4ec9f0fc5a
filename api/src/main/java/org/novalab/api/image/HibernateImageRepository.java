package org.novalab.api.image;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.novalab.api.persistence.Database;
import org.novalab.image.ImageMember;
import org.novalab.image.ImageRecord;
import org.novalab.image.ImageRepository;
import org.novalab.image.ImageStatus;
import org.novalab.image.MemberStatus;

/** The image service's records in novalab's database (tables images, image_properties, image_tags, image_members). */
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
            e.hidden = r.hidden();
            e.owner = r.owner();
            e.createdAt = r.createdAt();
            e.updatedAt = r.updatedAt();
            e.properties.clear();
            e.properties.putAll(r.properties());
            e.tags.clear();
            e.tags.addAll(r.tags());
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
                s.createMutationQuery("delete from ImageMemberEntity where imageId = :id").setParameter("id", id)
                        .executeUpdate();
                s.remove(e);
            }
        });
    }

    @Override
    public ImageMember saveMember(ImageMember m) {
        db.run(s -> {
            ImageMemberEntity e = s.get(ImageMemberEntity.class, new ImageMemberEntity.Key(m.imageId(), m.memberId()));
            boolean fresh = e == null;
            if (fresh) {
                e = new ImageMemberEntity(m.imageId(), m.memberId());
            }
            e.status = m.status().glanceName();
            e.createdAt = m.createdAt();
            e.updatedAt = m.updatedAt();
            if (fresh) {
                s.persist(e);
            }
        });
        return m;
    }

    @Override
    public Optional<ImageMember> findMember(String imageId, String memberId) {
        return Optional.ofNullable(db.read(s -> {
            ImageMemberEntity e = s.get(ImageMemberEntity.class, new ImageMemberEntity.Key(imageId, memberId));
            return e == null ? null : member(e);
        }));
    }

    @Override
    public List<ImageMember> members(String imageId) {
        return db.read(s -> s.createSelectionQuery("from ImageMemberEntity where imageId = :id "
                        + "order by createdAt, memberId", ImageMemberEntity.class).setParameter("id", imageId)
                .list().stream().map(HibernateImageRepository::member).toList());
    }

    @Override
    public void deleteMember(String imageId, String memberId) {
        db.run(s -> {
            ImageMemberEntity e = s.get(ImageMemberEntity.class, new ImageMemberEntity.Key(imageId, memberId));
            if (e != null) {
                s.remove(e);
            }
        });
    }

    @Override
    public Map<String, MemberStatus> membershipsOf(String memberId) {
        Map<String, MemberStatus> shared = new HashMap<>();
        db.read(s -> s.createSelectionQuery("from ImageMemberEntity where memberId = :m", ImageMemberEntity.class)
                .setParameter("m", memberId).list()).forEach(e -> shared.put(e.imageId, member(e).status()));
        return shared;
    }

    private static ImageMember member(ImageMemberEntity e) {
        return new ImageMember(e.imageId, e.memberId, MemberStatus.fromGlanceName(e.status).orElseThrow(
                () -> new IllegalStateException("image member " + e.memberId + " of " + e.imageId + " has status "
                        + e.status)), e.createdAt, e.updatedAt);
    }

    private static ImageRecord record(ImageEntity e) {
        return new ImageRecord(e.id, e.name, ImageStatus.fromGlanceName(e.status), e.diskFormat, e.containerFormat,
                e.size, e.virtualSize, e.checksum, e.osHashAlgo, e.osHashValue, e.minDisk, e.minRam, e.visibility,
                e.isProtected, e.owner, e.createdAt, e.updatedAt, new TreeMap<>(e.properties), new TreeSet<>(e.tags),
                e.hidden);
    }
}
