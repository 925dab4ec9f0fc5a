package org.novalab.api.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An issued token, keyed by the SHA-256 of its text: the token itself is never stored. */
@Entity
@Table(name = "tokens")
public class TokenEntity {
    @Id
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "user_id", nullable = false)
    private String userId;
    /** Null for an unscoped token. */
    @Column(name = "project_id")
    private String projectId;
    /** The methods that proved the user, comma separated ("password", "password,token"). */
    @Column(nullable = false)
    private String methods;
    @Column(name = "audit_id", nullable = false)
    private String auditId;
    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected TokenEntity() {
    }

    public TokenEntity(String tokenHash, String userId, String projectId, String methods, String auditId,
            Instant issuedAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.projectId = projectId;
        this.methods = methods;
        this.auditId = auditId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    public String methods() {
        return methods;
    }

    public String auditId() {
        return auditId;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
