package org.novalab.api.image.metadef;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Glance's metadata definitions catalog in novalab's database: namespaces, their objects, properties and tags,
 * and their resource type associations. Each change is one transaction: a namespace created with objects,
 * properties, tags and associations is created whole or not at all. Refusals are Glance's (404, 409, 403 for a
 * protected namespace); who may ask is the routes' business.
 */
final class MetadefCatalog {
    /** The kinds of a namespace's items. */
    enum Kind {
        OBJECT("object"), PROPERTY("property"), TAG("tag");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private final Database db;
    private final Clock clock;

    MetadefCatalog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Every namespace, newest first. */
    List<NamespaceEntity> namespaces() {
        return db.read(s -> s.createSelectionQuery("from NamespaceEntity order by createdAt desc, namespace",
                NamespaceEntity.class).list());
    }

    Optional<NamespaceEntity> namespace(String name) {
        return Optional.ofNullable(db.read(s -> find(s, name)));
    }

    /** The namespaces associated with a resource type, by namespace id. */
    List<String> namespaceIdsOf(String resourceType) {
        return db.read(s -> s.createSelectionQuery("select a.namespaceId from AssociationEntity a "
                + "where a.resourceType = :t", String.class).setParameter("t", resourceType).list());
    }

    /**
     * Creates a namespace from a validated create body, with the objects, properties, tags and resource type
     * associations it names.
     */
    NamespaceEntity create(NamespaceRequest request, String owner) {
        return db.write(s -> {
            if (find(s, request.namespace()) != null) {
                throw ApiException.conflict("The metadata definition namespace=" + request.namespace()
                        + " already exists.");
            }
            Instant now = clock.instant();
            NamespaceEntity ns = new NamespaceEntity(UUID.randomUUID().toString());
            ns.createdAt = now;
            apply(ns, request, owner, now);
            s.persist(ns);
            for (JsonObject association : request.associations()) {
                associate(s, ns, association, now);
            }
            for (JsonObject object : request.objects()) {
                addItem(s, ns, Kind.OBJECT, object.getString("name"), object, now);
            }
            for (String name : request.properties().fieldNames()) {
                addItem(s, ns, Kind.PROPERTY, name, request.properties().getJsonObject(name), now);
            }
            for (JsonObject tag : request.tags()) {
                addItem(s, ns, Kind.TAG, tag.getString("name"), null, now);
            }
            return ns;
        });
    }

    /** Replaces the namespace's own attributes (its items stay). */
    NamespaceEntity update(String name, NamespaceRequest request) {
        return db.write(s -> {
            NamespaceEntity ns = require(s, name);
            if (!request.namespace().equals(name) && find(s, request.namespace()) != null) {
                throw ApiException.conflict("The metadata definition namespace=" + request.namespace()
                        + " already exists.");
            }
            apply(ns, request, request.owner() == null ? ns.owner : request.owner(), clock.instant());
            return ns;
        });
    }

    void delete(String name) {
        db.run(s -> {
            NamespaceEntity ns = require(s, name);
            if (ns.isProtected) {
                throw ApiException.forbidden("Metadata definition namespace " + name + " is protected and cannot be "
                        + "deleted.");
            }
            s.createMutationQuery("delete from ItemEntity where namespaceId = :id").setParameter("id", ns.id)
                    .executeUpdate();
            s.createMutationQuery("delete from AssociationEntity where namespaceId = :id").setParameter("id", ns.id)
                    .executeUpdate();
            s.remove(ns);
        });
    }

    /** The namespace's items of one kind, by name. */
    List<ItemEntity> items(NamespaceEntity ns, Kind kind) {
        return db.read(s -> s.createSelectionQuery("from ItemEntity where namespaceId = :id and kind = :k "
                        + "order by name", ItemEntity.class).setParameter("id", ns.id).setParameter("k", kind.word)
                .list());
    }

    ItemEntity item(NamespaceEntity ns, Kind kind, String name) {
        return Optional.ofNullable(db.read(s -> findItem(s, ns.id, kind, name)))
                .orElseThrow(() -> itemNotFound(ns.namespace, kind, name));
    }

    ItemEntity addItem(String namespace, Kind kind, String name, JsonObject definition) {
        return db.write(s -> addItem(s, require(s, namespace), kind, name, definition, clock.instant()));
    }

    /** Renames and redefines an item; another item of that kind may not have the new name. */
    ItemEntity updateItem(String namespace, Kind kind, String name, String newName, JsonObject definition) {
        return db.write(s -> {
            NamespaceEntity ns = require(s, namespace);
            ItemEntity item = findItem(s, ns.id, kind, name);
            if (item == null) {
                throw itemNotFound(namespace, kind, name);
            }
            if (!newName.equals(name) && findItem(s, ns.id, kind, newName) != null) {
                throw duplicate(namespace, kind, newName);
            }
            item.name = newName;
            item.json = definition == null ? null : definition.encode();
            item.updatedAt = clock.instant();
            return item;
        });
    }

    void deleteItem(String namespace, Kind kind, String name) {
        db.run(s -> {
            NamespaceEntity ns = require(s, namespace);
            ItemEntity item = findItem(s, ns.id, kind, name);
            if (item == null) {
                throw itemNotFound(namespace, kind, name);
            }
            s.remove(item);
        });
    }

    void deleteItems(String namespace, Kind kind) {
        db.run(s -> {
            NamespaceEntity ns = require(s, namespace);
            s.createMutationQuery("delete from ItemEntity where namespaceId = :id and kind = :k")
                    .setParameter("id", ns.id).setParameter("k", kind.word).executeUpdate();
        });
    }

    /** Glance's bulk tag create: the namespace's tags become these (unless {@code append}), none twice. */
    List<ItemEntity> replaceTags(String namespace, List<String> names, boolean append) {
        return db.write(s -> {
            NamespaceEntity ns = require(s, namespace);
            if (!append) {
                s.createMutationQuery("delete from ItemEntity where namespaceId = :id and kind = :k")
                        .setParameter("id", ns.id).setParameter("k", Kind.TAG.word).executeUpdate();
            }
            Instant now = clock.instant();
            List<ItemEntity> created = new ArrayList<>();
            for (String name : names) {
                created.add(addItem(s, ns, Kind.TAG, name, null, now));
                s.flush();
            }
            return created;
        });
    }

    List<ResourceTypeEntity> resourceTypes() {
        return db.read(s -> s.createSelectionQuery("from ResourceTypeEntity order by name", ResourceTypeEntity.class)
                .list());
    }

    List<AssociationEntity> associations(NamespaceEntity ns) {
        return db.read(s -> s.createSelectionQuery("from AssociationEntity where namespaceId = :id "
                + "order by resourceType", AssociationEntity.class).setParameter("id", ns.id).list());
    }

    AssociationEntity associate(String namespace, JsonObject association) {
        return db.write(s -> associate(s, require(s, namespace), association, clock.instant()));
    }

    void dissociate(String namespace, String resourceType) {
        db.run(s -> {
            NamespaceEntity ns = require(s, namespace);
            AssociationEntity a = s.createSelectionQuery("from AssociationEntity where namespaceId = :id "
                            + "and resourceType = :t", AssociationEntity.class).setParameter("id", ns.id)
                    .setParameter("t", resourceType).uniqueResult();
            if (a == null) {
                throw ApiException.notFound("The metadata definition resource-type association of resource-type="
                        + resourceType + " to namespace=" + namespace + ", was not found.");
            }
            s.remove(a);
        });
    }

    private AssociationEntity associate(Session s, NamespaceEntity ns, JsonObject association, Instant now) {
        String type = association.getString("name");
        if (s.get(ResourceTypeEntity.class, type) == null) {
            ResourceTypeEntity created = new ResourceTypeEntity(type);
            created.createdAt = now;
            created.updatedAt = now;
            s.persist(created);
        }
        boolean exists = s.createSelectionQuery("from AssociationEntity where namespaceId = :id and resourceType = :t",
                AssociationEntity.class).setParameter("id", ns.id).setParameter("t", type).uniqueResult() != null;
        if (exists) {
            throw ApiException.conflict("The metadata definition resource-type association of resource-type="
                    + type + " to namespace=" + ns.namespace + ", already exists.");
        }
        AssociationEntity a = new AssociationEntity(ns.id, type);
        a.prefix = association.getString("prefix");
        a.propertiesTarget = association.getString("properties_target");
        a.createdAt = now;
        a.updatedAt = now;
        s.persist(a);
        return a;
    }

    private ItemEntity addItem(Session s, NamespaceEntity ns, Kind kind, String name, JsonObject definition,
                               Instant now) {
        if (findItem(s, ns.id, kind, name) != null) {
            throw duplicate(ns.namespace, kind, name);
        }
        ItemEntity item = new ItemEntity(UUID.randomUUID().toString(), ns.id, kind.word);
        item.name = name;
        item.json = definition == null ? null : definition.encode();
        item.createdAt = now;
        item.updatedAt = now;
        s.persist(item);
        return item;
    }

    private static void apply(NamespaceEntity ns, NamespaceRequest request, String owner, Instant now) {
        ns.namespace = request.namespace();
        ns.displayName = request.displayName();
        ns.description = request.description();
        ns.visibility = request.visibility();
        ns.isProtected = request.isProtected();
        ns.owner = owner;
        ns.updatedAt = now;
    }

    private static NamespaceEntity find(Session s, String name) {
        return s.createSelectionQuery("from NamespaceEntity where namespace = :n", NamespaceEntity.class)
                .setParameter("n", name).uniqueResult();
    }

    private static NamespaceEntity require(Session s, String name) {
        NamespaceEntity ns = find(s, name);
        if (ns == null) {
            throw namespaceNotFound(name);
        }
        return ns;
    }

    private static ItemEntity findItem(Session s, String namespaceId, Kind kind, String name) {
        return s.createSelectionQuery("from ItemEntity where namespaceId = :id and kind = :k and name = :n",
                        ItemEntity.class).setParameter("id", namespaceId).setParameter("k", kind.word)
                .setParameter("n", name).uniqueResult();
    }

    static ApiException namespaceNotFound(String name) {
        return ApiException.notFound("Metadata definition namespace=" + name + " was not found.");
    }

    private static ApiException itemNotFound(String namespace, Kind kind, String name) {
        return ApiException.notFound("Metadata definition " + kind.word + " not found for namespace=" + namespace
                + " and " + kind.word + "=" + name + ".");
    }

    private static ApiException duplicate(String namespace, Kind kind, String name) {
        return ApiException.conflict("A metadata definition " + kind.word + " with name=" + name
                + " already exists in namespace=" + namespace + ".");
    }
}
