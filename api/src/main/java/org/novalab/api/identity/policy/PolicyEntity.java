package org.novalab.api.identity.policy;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A policy Keystone stores for other services: an opaque blob of a type (a MIME type, say), kept as given. */
@Entity
@Table(name = "keystone_policies")
public class PolicyEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String type;
    @Column(name = "policy_blob", nullable = false)
    private String blob;
    /** A JSON object of the attributes Keystone keeps beside its own. */
    private String extra;

    protected PolicyEntity() {
    }

    PolicyEntity(String id, String type, String blob, JsonObject extra) {
        this.id = id;
        this.type = type;
        this.blob = blob;
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    public String blob() {
        return blob;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void update(String newType, String newBlob, JsonObject moreExtra) {
        if (newType != null) {
            type = newType;
        }
        if (newBlob != null) {
            blob = newBlob;
        }
        extra = extra().mergeIn(moreExtra).encode();
    }
}
