package org.novalab.api.compute.group;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** A server group: its policy (affinity, anti-affinity, soft-*), the rule of anti-affinity, its members. */
@Entity
@Table(name = "server_groups")
public class ServerGroupEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String uuid;
    @Column(nullable = false)
    private String name;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(nullable = false)
    private String policy;
    @Column(name = "max_server_per_host")
    private Integer maxServerPerHost;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "server_group_members", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "instance_uuid", nullable = false)
    private Set<String> members = new TreeSet<>();

    protected ServerGroupEntity() {
    }

    ServerGroupEntity(String uuid, String name, String projectId, String userId, String policy,
            Integer maxServerPerHost, Instant createdAt) {
        this.uuid = uuid;
        this.name = name;
        this.projectId = projectId;
        this.userId = userId;
        this.policy = policy;
        this.maxServerPerHost = maxServerPerHost;
        this.createdAt = createdAt;
    }

    public String uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    public String projectId() {
        return projectId;
    }

    public String userId() {
        return userId;
    }

    public String policy() {
        return policy;
    }

    /** The anti-affinity rule, when one was given (2.64). */
    public Integer maxServerPerHost() {
        return maxServerPerHost;
    }

    public Set<String> members() {
        return new TreeSet<>(members);
    }

    void addMember(String instanceUuid) {
        members.add(instanceUuid);
    }
}
