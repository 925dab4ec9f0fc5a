package org.novalab.api.identity.credential;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A Keystone credential: a user's (and maybe a project's) blob of a type. The blob is held only sealed
 * ({@link CredentialSeal}): the row never holds the secret in clear.
 */
@Entity
@Table(name = "keystone_credentials")
public class CredentialEntity {
    @Id
    private String id;
    @Column(name = "user_id", nullable = false)
    private String userId;
    @Column(name = "project_id")
    private String projectId;
    @Column(nullable = false)
    private String type;
    /** Base64 of nonce and AES-GCM ciphertext, bound to the id. */
    @Column(name = "encrypted_blob", nullable = false)
    private String encryptedBlob;
    /** A JSON object of the attributes Keystone keeps beside its own. */
    private String extra;

    protected CredentialEntity() {
    }

    CredentialEntity(String id, String userId, String projectId, String type, String encryptedBlob,
            JsonObject extra) {
        this.id = id;
        this.userId = userId;
        this.projectId = projectId;
        this.type = type;
        this.encryptedBlob = encryptedBlob;
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String projectId() {
        return projectId;
    }

    public String type() {
        return type;
    }

    String encryptedBlob() {
        return encryptedBlob;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void update(CredentialFields f, String newEncryptedBlob) {
        if (f.userId() != null) {
            userId = f.userId();
        }
        if (f.projectGiven()) {
            projectId = f.projectId();
        }
        if (f.type() != null) {
            type = f.type();
        }
        if (newEncryptedBlob != null) {
            encryptedBlob = newEncryptedBlob;
        }
        extra = extra().mergeIn(f.extra()).encode();
    }
}
