package org.novalab.api.identity.catalog;

import static org.novalab.api.identity.KeystoneRequests.query;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthFilter;
import org.novalab.api.identity.IdentityStore;
import org.novalab.api.identity.KeystoneJson;
import org.novalab.api.identity.KeystonePolicy;
import org.novalab.api.identity.KeystoneRequests;

/**
 * Keystone v3's catalog: {@code /v3/regions}, {@code /v3/services}, {@code /v3/endpoints}, with Keystone's default
 * policy (an admin changes them; regions are for anyone to read, services and endpoints for an admin or a system
 * reader).
 */
public final class CatalogRoutes {
    private static final String V3 = "/identity/v3";
    private final Regions regions;
    private final Services services;
    private final Endpoints endpoints;
    private final Blocking blocking;
    private final AuthFilter auth;

    public CatalogRoutes(IdentityStore store, Blocking blocking, AuthFilter auth) {
        this.regions = new Regions(store);
        this.services = new Services(store);
        this.endpoints = new Endpoints(store);
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(V3 + "/regions").handler(auth).handler(this::listRegions);
        router.post(V3 + "/regions").handler(auth).handler(this::createRegion);
        router.get(V3 + "/regions/:region").handler(auth).handler(this::showRegion);
        router.put(V3 + "/regions/:region").handler(auth).handler(this::putRegion);
        router.patch(V3 + "/regions/:region").handler(auth).handler(this::updateRegion);
        router.delete(V3 + "/regions/:region").handler(auth).handler(this::deleteRegion);

        router.get(V3 + "/services").handler(auth).handler(this::listServices);
        router.post(V3 + "/services").handler(auth).handler(this::createService);
        router.get(V3 + "/services/:service").handler(auth).handler(this::showService);
        router.patch(V3 + "/services/:service").handler(auth).handler(this::updateService);
        router.delete(V3 + "/services/:service").handler(auth).handler(this::deleteService);

        router.get(V3 + "/endpoints").handler(auth).handler(this::listEndpoints);
        router.post(V3 + "/endpoints").handler(auth).handler(this::createEndpoint);
        router.get(V3 + "/endpoints/:endpoint").handler(auth).handler(this::showEndpoint);
        router.patch(V3 + "/endpoints/:endpoint").handler(auth).handler(this::updateEndpoint);
        router.delete(V3 + "/endpoints/:endpoint").handler(auth).handler(this::deleteEndpoint);
    }

    // ---- regions: anyone with a token reads them

    private void listRegions(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("regions", regions.list(query(ctx, "parent_region_id")),
                    r -> CatalogJson.region(json, r)));
        });
    }

    private void showRegion(RoutingContext ctx) {
        blocking.reply(ctx, () -> Reply.ok(region(ctx, regions.region(ctx.pathParam("region")))));
    }

    private void createRegion(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_region");
        blocking.reply(ctx, () -> Reply.of(201, region(ctx, regions.create(
                CatalogRequests.region(KeystoneRequests.resource(ctx, "region"), true)))));
    }

    /** A region created with the id of the URL; an id in the body must be the same. */
    private void putRegion(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_region");
        blocking.reply(ctx, () -> {
            String id = ctx.pathParam("region");
            CatalogFields.Region f = CatalogRequests.region(KeystoneRequests.resource(ctx, "region"), true);
            if (f.id() != null && !f.id().equals(id)) {
                throw ApiException.badRequest("Conflicting region IDs specified: \"" + id + "\" != \"" + f.id()
                        + "\"");
            }
            return Reply.of(201, region(ctx, regions.create(new CatalogFields.Region(id, f.description(),
                    f.descriptionGiven(), f.parentRegionId(), f.parentGiven(), f.extra()))));
        });
    }

    private void updateRegion(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_region");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "region");
            KeystoneRequests.requireMatchingId(body, ctx.pathParam("region"));
            body.remove("id");
            return Reply.ok(region(ctx, regions.update(ctx.pathParam("region"), CatalogRequests.region(body, false))));
        });
    }

    private void deleteRegion(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_region");
        blocking.reply(ctx, () -> {
            regions.delete(ctx.pathParam("region"));
            return Reply.noContent();
        });
    }

    private static JsonObject region(RoutingContext ctx, RegionEntity r) {
        return new JsonObject().put("region", CatalogJson.region(KeystoneJson.of(ctx), r));
    }

    // ---- services

    private void listServices(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_services");
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("services", services.list(query(ctx, "type"), query(ctx, "name")),
                    s -> CatalogJson.service(json, s)));
        });
    }

    private void showService(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_service");
        blocking.reply(ctx, () -> Reply.ok(service(ctx, services.service(ctx.pathParam("service")))));
    }

    private void createService(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_service");
        blocking.reply(ctx, () -> Reply.of(201, service(ctx, services.create(
                CatalogRequests.service(KeystoneRequests.resource(ctx, "service"), true)))));
    }

    private void updateService(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_service");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "service");
            KeystoneRequests.requireMatchingId(body, ctx.pathParam("service"));
            return Reply.ok(service(ctx, services.update(ctx.pathParam("service"),
                    CatalogRequests.service(body, false))));
        });
    }

    private void deleteService(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_service");
        blocking.reply(ctx, () -> {
            services.delete(ctx.pathParam("service"));
            return Reply.noContent();
        });
    }

    private static JsonObject service(RoutingContext ctx, CatalogServiceEntity s) {
        return new JsonObject().put("service", CatalogJson.service(KeystoneJson.of(ctx), s));
    }

    // ---- endpoints

    private void listEndpoints(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:list_endpoints");
        String iface = query(ctx, "interface");
        if (iface != null && !CatalogRequests.INTERFACES.contains(iface)) {
            throw ApiException.badRequest("Invalid input for field 'interface': '" + iface
                    + "' is not one of ['admin', 'internal', 'public']");
        }
        blocking.reply(ctx, () -> {
            KeystoneJson json = KeystoneJson.of(ctx);
            return Reply.ok(json.collection("endpoints", endpoints.list(iface, query(ctx, "service_id"),
                    query(ctx, "region_id")), e -> CatalogJson.endpoint(json, e)));
        });
    }

    private void showEndpoint(RoutingContext ctx) {
        KeystonePolicy.adminOrSystemReader(ctx, "identity:get_endpoint");
        blocking.reply(ctx, () -> Reply.ok(endpoint(ctx, endpoints.endpoint(ctx.pathParam("endpoint")))));
    }

    private void createEndpoint(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:create_endpoint");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "endpoint");
            return Reply.of(201, endpoint(ctx, endpoints.create(CatalogRequests.endpoint(body, true),
                    CatalogRequests.legacyRegion(body))));
        });
    }

    private void updateEndpoint(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:update_endpoint");
        blocking.reply(ctx, () -> {
            JsonObject body = KeystoneRequests.resource(ctx, "endpoint");
            KeystoneRequests.requireMatchingId(body, ctx.pathParam("endpoint"));
            return Reply.ok(endpoint(ctx, endpoints.update(ctx.pathParam("endpoint"),
                    CatalogRequests.endpoint(body, false), CatalogRequests.legacyRegion(body))));
        });
    }

    private void deleteEndpoint(RoutingContext ctx) {
        KeystonePolicy.admin(ctx, "identity:delete_endpoint");
        blocking.reply(ctx, () -> {
            endpoints.delete(ctx.pathParam("endpoint"));
            return Reply.noContent();
        });
    }

    private static JsonObject endpoint(RoutingContext ctx, EndpointEntity e) {
        return new JsonObject().put("endpoint", CatalogJson.endpoint(KeystoneJson.of(ctx), e));
    }
}
