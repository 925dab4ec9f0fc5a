package org.novalab.api.identity.oauth1;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An OS-OAUTH1 consumer: an application that may ask users for delegated access, with a secret it signs with. */
@Entity
@Table(name = "oauth1_consumers")
public class ConsumerEntity {
    @Id
    private String id;
    private String description;
    /** The secret, sealed under the master key: shown once, at creation. */
    @Column(name = "encrypted_secret", nullable = false)
    private String encryptedSecret;
    /** A JSON object of the attributes Keystone keeps beside its own. */
    private String extra;

    protected ConsumerEntity() {
    }

    ConsumerEntity(String id, String description, String encryptedSecret, JsonObject extra) {
        this.id = id;
        this.description = description;
        this.encryptedSecret = encryptedSecret;
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void update(String newDescription, boolean descriptionGiven, JsonObject moreExtra) {
        if (descriptionGiven) {
            description = newDescription;
        }
        extra = extra().mergeIn(moreExtra).encode();
    }
}
