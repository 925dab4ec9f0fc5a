package org.novalab.api.compute;

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
import org.novalab.compute.Flavor;

@Entity
@Table(name = "flavors")
public class FlavorEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    @Column(nullable = false)
    private int vcpus;
    @Column(name = "ram_mb", nullable = false)
    private int ramMb;
    @Column(name = "root_gb", nullable = false)
    private int rootGb;
    @Column(name = "ephemeral_gb", nullable = false)
    private int ephemeralGb;
    @Column(name = "swap_mb", nullable = false)
    private int swapMb;
    @Column(name = "is_public", nullable = false)
    private boolean isPublic;
    private String description;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "flavor_extra_specs", joinColumns = @JoinColumn(name = "flavor_id"))
    @MapKeyColumn(name = "spec_key")
    @Column(name = "spec_value", nullable = false)
    private Map<String, String> extraSpecs = new TreeMap<>();
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "flavor_projects", joinColumns = @JoinColumn(name = "flavor_id"))
    @Column(name = "project_id", nullable = false)
    private Set<String> projects = new TreeSet<>();
    @Column(name = "created_at", nullable = false)
    private Instant createdAt = Instant.now();

    protected FlavorEntity() {
    }

    public FlavorEntity(String id, String name, int vcpus, int ramMb, int rootGb, int ephemeralGb, int swapMb,
            boolean isPublic, String description, Map<String, String> extraSpecs) {
        this.id = id;
        this.name = name;
        this.vcpus = vcpus;
        this.ramMb = ramMb;
        this.rootGb = rootGb;
        this.ephemeralGb = ephemeralGb;
        this.swapMb = swapMb;
        this.isPublic = isPublic;
        this.description = description;
        this.extraSpecs = new TreeMap<>(extraSpecs);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int vcpus() {
        return vcpus;
    }

    public int ramMb() {
        return ramMb;
    }

    public int rootGb() {
        return rootGb;
    }

    public int ephemeralGb() {
        return ephemeralGb;
    }

    public int swapMb() {
        return swapMb;
    }

    public boolean isPublic() {
        return isPublic;
    }

    public String description() {
        return description;
    }

    public Map<String, String> extraSpecs() {
        return new TreeMap<>(extraSpecs);
    }

    /**
     * The flavor as the compute host sees it. {@code rootGb} is the root disk's size: the flavor's own, or a
     * boot volume's when the server boots from a new volume (its size replaces the flavor's disk, as in Nova).
     */
    public Flavor toFlavor(int rootGb) {
        return new Flavor(id, name, vcpus, ramMb, rootGb, extraSpecs);
    }

    /** The projects a private flavor is given to (Nova's flavor access). */
    public Set<String> projects() {
        return new TreeSet<>(projects);
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Whether {@code projectId} may see and use the flavor: a public one, or a private one given to it. */
    public boolean visibleTo(String projectId) {
        return isPublic || projects.contains(projectId);
    }

    public boolean addProject(String projectId) {
        return projects.add(projectId);
    }

    public boolean removeProject(String projectId) {
        return projects.remove(projectId);
    }

    public void describe(String newDescription) {
        this.description = newDescription;
    }

    public void putExtraSpecs(Map<String, String> specs) {
        extraSpecs.putAll(specs);
    }

    public void removeExtraSpec(String key) {
        extraSpecs.remove(key);
    }
}
