package org.novalab.api.identity.catalog;

import io.vertx.core.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An OS-EP-FILTER endpoint group: the endpoints whose service, region and interface match its filters. */
@Entity
@Table(name = "catalog_endpoint_groups")
public class EndpointGroupEntity {
    @Id
    private String id;
    @Column(nullable = false)
    private String name;
    private String description;
    /** A JSON object: {@code service_id}, {@code region_id}, {@code interface}, each optional. */
    @Column(nullable = false)
    private String filters;

    protected EndpointGroupEntity() {
    }

    EndpointGroupEntity(String id, String name, String description, JsonObject filters) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.filters = filters.encode();
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

    public JsonObject filters() {
        return new JsonObject(filters);
    }

    /** Whether the endpoint has every attribute the filters name, with that value. */
    boolean matches(EndpointEntity e) {
        JsonObject f = filters();
        return (!f.containsKey("service_id") || String.valueOf(f.getValue("service_id")).equals(e.serviceId()))
                && (!f.containsKey("region_id") || String.valueOf(f.getValue("region_id")).equals(e.regionId()))
                && (!f.containsKey("interface") || String.valueOf(f.getValue("interface")).equals(e.interfaceName()));
    }

    void update(String newName, String newDescription, boolean descriptionGiven, JsonObject newFilters) {
        if (newName != null) {
            name = newName;
        }
        if (descriptionGiven) {
            description = newDescription;
        }
        if (newFilters != null) {
            filters = newFilters.encode();
        }
    }
}
