package org.novalab.api.volume;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;
import org.novalab.api.http.ApiException;
import org.novalab.api.persistence.Database;

/**
 * Cinder's QoS specs, admins' to manage: limits QEMU applies to a front-end consumer's disks (libvirt's
 * {@code <iotune>} when volumes are attached, a later step), checked as libvirt checks them: whole numbers, and a
 * total limit never beside its read or write one.
 */
final class QosSpecs {
    static final Set<String> CONSUMERS = Set.of("front-end", "back-end", "both");
    /** The limits libvirt's iotune takes and Nova passes on from a front-end QoS spec. */
    static final Set<String> LIMITS = Set.of("total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec",
            "read_bytes_sec", "write_bytes_sec", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max",
            "total_bytes_sec_max", "read_bytes_sec_max", "write_bytes_sec_max", "size_iops_sec");
    private final Database db;
    private final Clock clock;

    QosSpecs(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    List<QosSpecsEntity> list() {
        return db.read(s -> s.createSelectionQuery("from QosSpecsEntity order by createdAt, name", QosSpecsEntity.class)
                .list());
    }

    QosSpecsEntity get(String id) {
        return db.read(s -> find(s, id));
    }

    QosSpecsEntity create(String name, String consumer, Map<String, String> specs) {
        String c = consumer == null ? "back-end" : consumer;
        if (!CONSUMERS.contains(c)) {
            throw ApiException.badRequest("Invalid input received: consumer " + c + " must be one of front-end, "
                    + "back-end, both");
        }
        checked(specs);
        return db.write(s -> {
            boolean taken = s.createSelectionQuery("select count(*) from QosSpecsEntity where name = :n", Long.class)
                    .setParameter("n", name).uniqueResult() > 0;
            if (taken) {
                throw ApiException.conflict("QoS Specs " + name + " already exists.");
            }
            QosSpecsEntity q = new QosSpecsEntity(UUID.randomUUID().toString(), name, c, specs, clock.instant());
            s.persist(q);
            return q;
        });
    }

    /** Cinder's PUT: the keys given are set (a {@code consumer} key changes the consumer). */
    Map<String, String> set(String id, Map<String, String> given) {
        return db.write(s -> {
            QosSpecsEntity q = find(s, id);
            Map<String, String> specs = new TreeMap<>(q.specs());
            Map<String, String> limits = new TreeMap<>(given);
            String consumer = limits.remove("consumer");
            if (consumer != null && !CONSUMERS.contains(consumer)) {
                throw ApiException.badRequest("Invalid input received: consumer " + consumer + " must be one of "
                        + "front-end, back-end, both");
            }
            specs.putAll(limits);
            checked(specs);
            q.setSpecs(specs);
            if (consumer != null) {
                q.consumer = consumer;
            }
            return given;
        });
    }

    void deleteKeys(String id, List<String> keys) {
        db.run(s -> {
            QosSpecsEntity q = find(s, id);
            Map<String, String> specs = new TreeMap<>(q.specs());
            for (String key : keys) {
                if (specs.remove(key) == null) {
                    throw ApiException.badRequest("Invalid input received: QoS spec " + id + " has no key " + key);
                }
            }
            q.setSpecs(specs);
        });
    }

    void delete(String id, boolean force) {
        db.run(s -> {
            QosSpecsEntity q = find(s, id);
            List<VolumeTypeEntity> types = associated(s, id);
            if (!types.isEmpty() && !force) {
                throw ApiException.badRequest("QoS Specs " + id + " is still associated with entities.");
            }
            types.forEach(t -> t.qosSpecsId = null);
            s.flush();
            s.remove(q);
        });
    }

    List<VolumeTypeEntity> associations(String id) {
        return db.read(s -> {
            find(s, id);
            return associated(s, id);
        });
    }

    void associate(String id, String typeId) {
        db.run(s -> {
            find(s, id);
            VolumeTypeEntity t = type(s, typeId);
            if (t.qosSpecsId != null && !t.qosSpecsId.equals(id)) {
                throw ApiException.badRequest("Invalid volume type: Type " + typeId + " is already associated with "
                        + "another qos specs: " + t.qosSpecsId);
            }
            t.qosSpecsId = id;
        });
    }

    void disassociate(String id, String typeId) {
        db.run(s -> {
            find(s, id);
            VolumeTypeEntity t = type(s, typeId);
            if (id.equals(t.qosSpecsId)) {
                t.qosSpecsId = null;
            }
        });
    }

    void disassociateAll(String id) {
        db.run(s -> {
            find(s, id);
            associated(s, id).forEach(t -> t.qosSpecsId = null);
        });
    }

    /** Whole, non-negative numbers of the limits libvirt knows; a total excludes its read and write limits. */
    private static void checked(Map<String, String> specs) {
        for (Map.Entry<String, String> e : specs.entrySet()) {
            if (!LIMITS.contains(e.getKey())) {
                throw ApiException.badRequest("Invalid input received: unknown QoS spec " + e.getKey() + "; novalab "
                        + "knows " + String.join(", ", new java.util.TreeSet<>(LIMITS)));
            }
            if (!e.getValue().matches("\\d{1,18}")) {
                throw ApiException.badRequest("Invalid input received: QoS spec " + e.getKey() + " must be a whole "
                        + "number, not " + e.getValue());
            }
        }
        for (String kind : List.of("iops_sec", "bytes_sec")) {
            if (specs.containsKey("total_" + kind)
                    && (specs.containsKey("read_" + kind) || specs.containsKey("write_" + kind))) {
                throw ApiException.badRequest("Invalid input received: total_" + kind + " cannot be set with read_"
                        + kind + " or write_" + kind + " (libvirt refuses both)");
            }
        }
    }

    private static QosSpecsEntity find(Session s, String id) {
        QosSpecsEntity q = s.get(QosSpecsEntity.class, id);
        if (q == null) {
            throw ApiException.notFound("QoS spec " + id + " could not be found.");
        }
        return q;
    }

    private static VolumeTypeEntity type(Session s, String typeId) {
        if (typeId == null) {
            throw ApiException.badRequest("Invalid input received: vol_type_id is required");
        }
        VolumeTypeEntity t = s.get(VolumeTypeEntity.class, typeId);
        if (t == null) {
            throw ApiException.notFound("Volume type " + typeId + " could not be found.");
        }
        return t;
    }

    private static List<VolumeTypeEntity> associated(Session s, String id) {
        return s.createSelectionQuery("from VolumeTypeEntity where qosSpecsId = :q order by name",
                VolumeTypeEntity.class).setParameter("q", id).list();
    }
}
