package org.novalab.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

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
        return StringMapColumn.decode(specs);
    }

    void setSpecs(Map<String, String> m) {
        specs = StringMapColumn.encode(m);
    }
}
