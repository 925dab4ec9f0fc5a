package org.novalab.api.image;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A Glance image record (the data lives in the pool; this row is its metadata). */
@Entity
@Table(name = "images")
public class ImageEntity {
    @Id
    String id;
    String name;
    @Column(nullable = false)
    String status;
    @Column(name = "disk_format")
    String diskFormat;
    @Column(name = "container_format")
    String containerFormat;
    @Column(name = "size_bytes")
    Long size;
    @Column(name = "virtual_size")
    Long virtualSize;
    String checksum;
    @Column(name = "os_hash_algo")
    String osHashAlgo;
    @Column(name = "os_hash_value")
    String osHashValue;
    @Column(name = "min_disk", nullable = false)
    int minDisk;
    @Column(name = "min_ram", nullable = false)
    int minRam;
    @Column(nullable = false)
    String visibility;
    @Column(name = "protected", nullable = false)
    boolean isProtected;
    @Column(name = "os_hidden", nullable = false)
    boolean hidden;
    String owner;
    @Column(name = "created_at", nullable = false)
    Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "image_properties", joinColumns = @JoinColumn(name = "image_id"))
    @MapKeyColumn(name = "prop_name")
    @Column(name = "prop_value")
    Map<String, String> properties = new TreeMap<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "image_tags", joinColumns = @JoinColumn(name = "image_id"))
    @Column(name = "tag")
    Set<String> tags = new TreeSet<>();

    protected ImageEntity() {
    }

    ImageEntity(String id) {
        this.id = id;
    }
}
