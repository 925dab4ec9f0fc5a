package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An endpoint of a service: where one interface (public, internal, admin) of it is reached in a region. Its URL may
 * hold Keystone's substitutions ({@code $(public_endpoint)s}, {@code $(project_id)s}, ...), filled in per token.
 */
@Entity
@Table(name = "catalog_endpoints")
public class EndpointEntity {
    @Id
    private String id;
    @Column(name = "service_id", nullable = false)
    private String serviceId;
    @Column(name = "interface", nullable = false)
    private String interfaceName;
    @Column(name = "region_id")
    private String regionId;
    @Column(nullable = false)
    private String url;
    @Column(nullable = false)
    private boolean enabled;
    /** A JSON object of the attributes Keystone keeps beside its own (a name, a description). */
    private String extra;

    protected EndpointEntity() {
    }

    EndpointEntity(String id, String serviceId, String interfaceName, String regionId, String url, boolean enabled,
            JsonObject extra) {
        this.id = id;
        this.serviceId = serviceId;
        this.interfaceName = interfaceName;
        this.regionId = regionId;
        this.url = url;
        this.enabled = enabled;
        this.extra = extra.encode();
    }

    public String id() {
        return id;
    }

    public String serviceId() {
        return serviceId;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public String regionId() {
        return regionId;
    }

    public String url() {
        return url;
    }

    public boolean enabled() {
        return enabled;
    }

    public JsonObject extra() {
        return extra == null ? new JsonObject() : new JsonObject(extra);
    }

    void update(CatalogFields.Endpoint f) {
        if (f.serviceId() != null) {
            serviceId = f.serviceId();
        }
        if (f.interfaceName() != null) {
            interfaceName = f.interfaceName();
        }
        if (f.regionGiven()) {
            regionId = f.regionId();
        }
        if (f.url() != null) {
            url = f.url();
        }
        if (f.enabled() != null) {
            enabled = f.enabled();
        }
        extra = extra().mergeIn(f.extra()).encode();
    }
}
