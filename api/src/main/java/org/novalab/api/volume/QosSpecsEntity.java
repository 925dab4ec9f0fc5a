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

/** A named set of QoS limits for a consumer, associated with volume types. */
@Entity
@Table(name = "volume_qos_specs")
public class QosSpecsEntity {
    @Id
    String id;
    @Column(nullable = false)
    String name;
    @Column(nullable = false)
    String consumer;
    @Column(nullable = false)
    String specs;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    protected QosSpecsEntity() {
    }

    QosSpecsEntity(String id, String name, String consumer, Map<String, String> specs, Instant now) {
        this.id = id;
        this.name = name;
        this.consumer = consumer;
        this.createdAt = now;
        setSpecs(specs);
    }

    Map<String, String> specs() {
        Map<String, String> m = new TreeMap<>();
        new JsonObject(specs).forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
        return m;
    }

    void setSpecs(Map<String, String> m) {
        specs = new JsonObject(new LinkedHashMap<String, Object>(new TreeMap<>(m))).encode();
    }
}
