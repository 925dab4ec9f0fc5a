package org.novalab.api.compute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/** Flavors: the defaults a fresh novalab offers, and what an admin adds. */
public final class FlavorService {
    private final Database db;

    public FlavorService(Database db) {
        this.db = db;
    }

    /** Creates the default flavors when the store has none (first start). */
    public void bootstrap() {
        db.run(s -> {
            Long count = s.createSelectionQuery("select count(f) from FlavorEntity f", Long.class).getSingleResult();
            if (count > 0) {
                return;
            }
            s.persist(new FlavorEntity("1", "m1.tiny", 1, 512, 1, 0, 0, true, null, Map.of()));
            s.persist(new FlavorEntity("2", "m1.small", 1, 2048, 20, 0, 0, true, null, Map.of()));
            s.persist(new FlavorEntity("101", "m1.tiny.luks", 1, 512, 1, 0, 0, true,
                    "m1.tiny with a LUKS-encrypted root disk",
                    Map.of("hw:ephemeral_encryption", "true", "hw:ephemeral_encryption_format", "luks")));
            s.persist(new FlavorEntity("102", "m1.tiny.qcow", 1, 512, 1, 0, 0, true,
                    "m1.tiny with a legacy qcow AES-encrypted root disk (the seed's encryption=on)",
                    Map.of("hw:ephemeral_encryption", "true", "hw:ephemeral_encryption_format", "qcow")));
        });
    }

    public List<FlavorEntity> list() {
        return db.read(s -> s.createSelectionQuery("from FlavorEntity order by ramMb, rootGb, id", FlavorEntity.class)
                .list());
    }

    public Optional<FlavorEntity> find(String id) {
        return Optional.ofNullable(db.read(s -> s.get(FlavorEntity.class, id)));
    }

    public FlavorEntity get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("Flavor " + id + " could not be found."));
    }

    public FlavorEntity create(FlavorEntity flavor) {
        return db.write(s -> {
            if (s.get(FlavorEntity.class, flavor.id()) != null) {
                throw ApiException.conflict("Flavor with ID " + flavor.id() + " already exists.");
            }
            Long sameName = s.createSelectionQuery("select count(f) from FlavorEntity f where f.name = :n", Long.class)
                    .setParameter("n", flavor.name()).getSingleResult();
            if (sameName > 0) {
                throw ApiException.conflict("Flavor with name " + flavor.name() + " already exists.");
            }
            s.persist(flavor);
            return flavor;
        });
    }

    public Map<String, String> putExtraSpecs(String id, Map<String, String> specs) {
        return db.write(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            f.putExtraSpecs(specs);
            return f.extraSpecs();
        });
    }

    public void deleteExtraSpec(String id, String key) {
        db.run(s -> {
            FlavorEntity f = s.get(FlavorEntity.class, id);
            if (f == null) {
                throw ApiException.notFound("Flavor " + id + " could not be found.");
            }
            if (!f.extraSpecs().containsKey(key)) {
                throw ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
            }
            f.removeExtraSpec(key);
        });
    }
}
