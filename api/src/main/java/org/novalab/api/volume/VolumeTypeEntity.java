package org.novalab.api.volume;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A volume type: a name, public or not, and extra specs ({@code volume_backend_name} picks the backend). */
@Entity
@Table(name = "volume_types")
public class VolumeTypeEntity {
    @Id
    String id;
    @Column(nullable = false)
    String name;
    String description;
    @Column(name = "is_public", nullable = false)
    boolean isPublic;
    /** A JSON object of string values. */
    @Column(name = "extra_specs", nullable = false)
    String extraSpecs;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at")
    Instant updatedAt;
    /** The QoS specs associated with the type, or null. */
    @Column(name = "qos_specs_id")
    String qosSpecsId;

    protected VolumeTypeEntity() {
    }

    VolumeTypeEntity(String id, String name, String description, boolean isPublic, Map<String, String> specs,
            Instant now) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.isPublic = isPublic;
        this.createdAt = now;
        setSpecs(specs);
    }

    Map<String, String> specs() {
        Map<String, String> specs = new TreeMap<>();
        new JsonObject(extraSpecs).forEach(e -> specs.put(e.getKey(), String.valueOf(e.getValue())));
        return specs;
    }

    void setSpecs(Map<String, String> specs) {
        extraSpecs = new JsonObject(new LinkedHashMap<>(new TreeMap<>(specs))).encode();
    }

    /** The backend the type's volumes go to; null for the default. */
    String backendName() {
        return specs().get(VolumeTypes.BACKEND_SPEC);
    }
}
