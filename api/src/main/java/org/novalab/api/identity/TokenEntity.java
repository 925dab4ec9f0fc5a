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
    /** The project of a project-scoped token; null otherwise. */
    @Column(name = "project_id")
    private String projectId;
    /** The domain of a domain-scoped token; null otherwise. */
    @Column(name = "domain_id")
    private String domainId;
    @Column(name = "system_scope", nullable = false)
    private boolean systemScope;
    /** The methods that proved the user, comma separated ("password", "password,token"). */
    @Column(nullable = false)
    private String methods;
    @Column(name = "audit_id", nullable = false)
    private String auditId;
    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;
    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
    /** The application credential it was made from; null for a user's own token. */
    @Column(name = "application_credential_id")
    private String applicationCredentialId;

    protected TokenEntity() {
    }

    /** A token scoped to {@code scope} (a project, a domain or the system), or unscoped when it is null. */
    public TokenEntity(String tokenHash, String userId, Assignment.Target scope, String methods, String auditId,
            Instant issuedAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.projectId = scope != null && scope.isProject() ? scope.id() : null;
        this.domainId = scope != null && scope.isDomain() ? scope.id() : null;
        this.systemScope = scope != null && scope.isSystem();
        this.methods = methods;
        this.auditId = auditId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    /** A token made from an application credential: scoped to its project, with its roles only. */
    public TokenEntity(String tokenHash, ApplicationCredentialEntity credential, String auditId, Instant issuedAt,
            Instant expiresAt) {
        this(tokenHash, credential.userId(), Assignment.Target.project(credential.projectId()),
                "application_credential", auditId, issuedAt, expiresAt);
        this.applicationCredentialId = credential.id();
    }

    public String applicationCredentialId() {
        return applicationCredentialId;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    /** What the token is scoped to; null for an unscoped token. */
    public Assignment.Target scope() {
        if (projectId != null) {
            return Assignment.Target.project(projectId);
        }
        if (domainId != null) {
            return Assignment.Target.domain(domainId);
        }
        return systemScope ? Assignment.Target.SYSTEM : null;
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
