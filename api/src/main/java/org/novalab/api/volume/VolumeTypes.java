package org.novalab.api.volume;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;
import org.novalab.compute.volume.VolumeBackends;

/**
 * Cinder's volume types and their extra specs and encryption specs. Types are admins' to change; a type that
 * volumes use cannot be deleted, nor can its encryption change (the volumes were written under it).
 */
final class VolumeTypes {
    static final String BACKEND_SPEC = "volume_backend_name";
    static final String DEFAULT_TYPE = "__DEFAULT__";
    private final Database db;
    private final VolumeBackends backends;
    private final Clock clock;

    VolumeTypes(Database db, VolumeBackends backends, Clock clock) {
        this.db = db;
        this.backends = backends;
        this.clock = clock;
    }

    /** A type and its encryption, read together. */
    record Type(VolumeTypeEntity type, Optional<VolumeEncryptionEntity> encryption) {
    }

    List<VolumeTypeEntity> list(boolean admin) {
        return db.read(s -> s.createSelectionQuery("from VolumeTypeEntity" + (admin ? "" : " where isPublic = true")
                + " order by createdAt, name", VolumeTypeEntity.class).list());
    }

    VolumeTypeEntity get(String id, boolean admin) {
        return db.read(s -> visible(s, id, admin));
    }

    /** By id or name, as a volume create names its type (Cinder's get_by_name_or_id). */
    Type byNameOrId(Session s, String nameOrId, boolean admin) {
        VolumeTypeEntity t = s.get(VolumeTypeEntity.class, nameOrId);
        if (t == null) {
            t = s.createSelectionQuery("from VolumeTypeEntity where name = :n", VolumeTypeEntity.class)
                    .setParameter("n", nameOrId).uniqueResult();
        }
        if (t == null || (!t.isPublic && !admin)) {
            throw ApiException.notFound("Volume type with name " + nameOrId + " could not be found.");
        }
        return new Type(t, Optional.ofNullable(s.get(VolumeEncryptionEntity.class, t.id)));
    }

    Type defaultType(Session s) {
        return byNameOrId(s, DEFAULT_TYPE, true);
    }

    VolumeTypeEntity create(String name, String description, boolean isPublic, Map<String, String> specs) {
        checkBackend(specs);
        return db.write(s -> {
            if (byName(s, name).isPresent()) {
                throw ApiException.conflict("Volume Type " + name + " already exists.");
            }
            VolumeTypeEntity t = new VolumeTypeEntity(UUID.randomUUID().toString(), name, description, isPublic, specs,
                    clock.instant());
            s.persist(t);
            return t;
        });
    }

    VolumeTypeEntity update(String id, String name, String description, Boolean isPublic) {
        return db.write(s -> {
            VolumeTypeEntity t = visible(s, id, true);
            if (name != null && !name.equals(t.name)) {
                if (byName(s, name).isPresent()) {
                    throw ApiException.conflict("Volume Type " + name + " already exists.");
                }
                if (t.name.equals(DEFAULT_TYPE)) {
                    throw ApiException.badRequest("The default volume type cannot be renamed.");
                }
                t.name = name;
            }
            if (description != null) {
                t.description = description;
            }
            if (isPublic != null) {
                t.isPublic = isPublic;
            }
            t.updatedAt = clock.instant();
            return t;
        });
    }

    void delete(String id) {
        db.run(s -> {
            VolumeTypeEntity t = visible(s, id, true);
            if (t.name.equals(DEFAULT_TYPE)) {
                throw ApiException.badRequest("Default volume type can not be deleted.");
            }
            if (inUse(s, id)) {
                throw ApiException.badRequest("Target volume type is still in use.");
            }
            s.remove(t);
        });
    }

    Map<String, String> specs(String id, boolean admin) {
        return get(id, admin).specs();
    }

    /** Cinder's POST of extra specs: merged into the type's. */
    Map<String, String> setSpecs(String id, Map<String, String> added) {
        return db.write(s -> {
            VolumeTypeEntity t = visible(s, id, true);
            Map<String, String> specs = new java.util.TreeMap<>(t.specs());
            specs.putAll(added);
            if (added.containsKey(BACKEND_SPEC)) {
                checkBackend(specs);
                if (inUse(s, id) && !java.util.Objects.equals(added.get(BACKEND_SPEC), t.backendName())) {
                    throw ApiException.badRequest("Cannot change " + BACKEND_SPEC + " of volume type " + t.name
                            + ": volumes of the type live on its backend.");
                }
            }
            t.setSpecs(specs);
            t.updatedAt = clock.instant();
            return added;
        });
    }

    void deleteSpec(String id, String key) {
        db.run(s -> {
            VolumeTypeEntity t = visible(s, id, true);
            Map<String, String> specs = new java.util.TreeMap<>(t.specs());
            if (!specs.containsKey(key)) {
                throw ApiException.notFound("Volume Type " + id + " has no extra specs with key " + key + ".");
            }
            if (key.equals(BACKEND_SPEC) && inUse(s, id)) {
                throw ApiException.badRequest("Cannot remove " + BACKEND_SPEC + " of volume type " + t.name
                        + ": volumes of the type live on its backend.");
            }
            specs.remove(key);
            t.setSpecs(specs);
            t.updatedAt = clock.instant();
        });
    }

    Optional<VolumeEncryptionEntity> encryption(String typeId, boolean admin) {
        return db.read(s -> {
            visible(s, typeId, admin);
            return Optional.ofNullable(s.get(VolumeEncryptionEntity.class, typeId));
        });
    }

    VolumeEncryptionEntity createEncryption(String typeId, VolumeEncryption spec) {
        return db.write(s -> {
            visible(s, typeId, true);
            if (inUse(s, typeId)) {
                throw ApiException.badRequest("Cannot create encryption specs. Volume type in use.");
            }
            if (s.get(VolumeEncryptionEntity.class, typeId) != null) {
                throw ApiException.conflict("Volume type encryption for type " + typeId + " already exists.");
            }
            VolumeEncryptionEntity e = new VolumeEncryptionEntity(typeId, UUID.randomUUID().toString(), spec,
                    clock.instant());
            s.persist(e);
            return e;
        });
    }

    VolumeEncryptionEntity updateEncryption(String typeId, java.util.function.UnaryOperator<VolumeEncryption> change) {
        return db.write(s -> {
            visible(s, typeId, true);
            if (inUse(s, typeId)) {
                throw ApiException.badRequest("Cannot update encryption specs. Volume type in use.");
            }
            VolumeEncryptionEntity e = s.get(VolumeEncryptionEntity.class, typeId);
            if (e == null) {
                throw ApiException.notFound("Volume type encryption for type " + typeId + " does not exist.");
            }
            e.set(change.apply(e.spec()));
            e.updatedAt = clock.instant();
            return e;
        });
    }

    void deleteEncryption(String typeId) {
        db.run(s -> {
            visible(s, typeId, true);
            if (inUse(s, typeId)) {
                throw ApiException.badRequest("Cannot delete encryption specs. Volume type in use.");
            }
            VolumeEncryptionEntity e = s.get(VolumeEncryptionEntity.class, typeId);
            if (e == null) {
                throw ApiException.notFound("Volume type encryption for type " + typeId + " does not exist.");
            }
            s.remove(e);
        });
    }

    /** A backend name no backend has would leave every volume of the type in error: refused at once. */
    private void checkBackend(Map<String, String> specs) {
        String name = specs.get(BACKEND_SPEC);
        if (name != null && backends.forName(name).isEmpty()) {
            throw ApiException.badRequest("Invalid input for field/attribute " + BACKEND_SPEC + ". Value: " + name
                    + ". No volume backend has that name; novalab's are " + String.join(", ", backends.names()));
        }
    }

    private static VolumeTypeEntity visible(Session s, String id, boolean admin) {
        VolumeTypeEntity t = s.get(VolumeTypeEntity.class, id);
        if (t == null || (!t.isPublic && !admin)) {
            throw ApiException.notFound("Volume type " + id + " could not be found.");
        }
        return t;
    }

    private static Optional<VolumeTypeEntity> byName(Session s, String name) {
        return Optional.ofNullable(s.createSelectionQuery("from VolumeTypeEntity where name = :n",
                VolumeTypeEntity.class).setParameter("n", name).uniqueResult());
    }

    private static boolean inUse(Session s, String typeId) {
        return s.createSelectionQuery("select count(*) from VolumeEntity where volumeTypeId = :t", Long.class)
                .setParameter("t", typeId).uniqueResult() > 0;
    }
}
