package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A Keystone application credential: a user's roles on one project (all it held when it made the credential, or the
 * ones it chose), handed to an application that proves itself with a secret. Only the secret's hash is kept.
 */
@Entity
@Table(name = "application_credentials")
public class ApplicationCredentialEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    private String description;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(name = "project_id", nullable = false)
    private String projectId;
    @Column(name = "secret_hash", nullable = false)
    private String secretHash;
    /** A JSON array of the role ids it delegates. */
    @Column(nullable = false)
    private String roles;
    /** Keystone's {@code unrestricted}: may it make further application credentials and trusts. */
    @Column(nullable = false)
    private boolean unrestricted;
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected ApplicationCredentialEntity() {
    }

    public ApplicationCredentialEntity(String id, String name, String description, String userId, String projectId,
            String secretHash, List<String> roleIds, boolean unrestricted, Instant expiresAt) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.userId = userId;
        this.projectId = projectId;
        this.secretHash = secretHash;
        this.roles = new JsonArray(List.copyOf(roleIds)).encode();
        this.unrestricted = unrestricted;
        this.expiresAt = expiresAt;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    public String secretHash() {
        return secretHash;
    }

    public List<String> roleIds() {
        return new JsonArray(roles).stream().map(String::valueOf).toList();
    }

    public boolean unrestricted() {
        return unrestricted;
    }

    /** When it stops working; null when it never expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** What a token made from it says of it. */
    public AuthContext.ApplicationCredential asTokenRef() {
        return new AuthContext.ApplicationCredential(id, name, !unrestricted);
    }
}
