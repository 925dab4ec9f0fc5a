package org.novalab.api.compute.aggregate;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A host aggregate: a named group of compute hosts with metadata; its {@code availability_zone} key, when set, is
 * the availability zone of its hosts. Nova deletes aggregates for good, so there is no deleted flag to keep.
 */
@Entity
@Table(name = "aggregates")
public class AggregateEntity {
    /** The metadata key that makes an aggregate an availability zone. */
    public static final String ZONE_KEY = "availability_zone";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(nullable = false)
    private String name;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "aggregate_hosts", joinColumns = @JoinColumn(name = "aggregate_id"))
    @Column(name = "host", nullable = false)
    private Set<String> hosts = new TreeSet<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "aggregate_metadata", joinColumns = @JoinColumn(name = "aggregate_id"))
    @MapKeyColumn(name = "meta_key")
    @Column(name = "meta_value", nullable = false)
    private Map<String, String> metadata = new TreeMap<>();

    protected AggregateEntity() {
    }

    AggregateEntity(String uuid, String name, Map<String, String> metadata, Instant now) {
        this.uuid = uuid;
        this.name = name;
        this.metadata = new TreeMap<>(metadata);
        this.createdAt = now;
    }

    public Long id() {
        return id;
    }

    public String uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** When the aggregate's name or metadata last changed (its hosts are not the aggregate's own row). */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** In name order. */
    public SortedSet<String> hosts() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(hosts));
    }

    /** In key order. */
    public SortedMap<String, String> metadata() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }

    /** The availability zone the aggregate makes its hosts, or null. */
    public String availabilityZone() {
        return metadata.get(ZONE_KEY);
    }

    void rename(String newName, Instant now) {
        name = newName;
        updatedAt = now;
    }

    /** Nova's {@code update_metadata}: a null value removes the key, any other sets it. */
    void updateMetadata(Map<String, String> changes, Instant now) {
        changes.forEach((key, value) -> {
            if (value == null) {
                metadata.remove(key);
            } else {
                metadata.put(key, value);
            }
        });
        updatedAt = now;
    }

    void addHost(String host) {
        hosts.add(host);
    }

    void removeHost(String host) {
        hosts.remove(host);
    }
}
