package org.novalab.api.compute.host;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.novalab.api.compute.Microversion;
import org.novalab.api.compute.NovaPolicy;
import org.novalab.api.compute.NovaQuery;
import org.novalab.api.compute.NovaSchema;
import org.novalab.api.compute.NovaTime;
import org.novalab.api.compute.aggregate.AvailabilityZones;
import org.novalab.api.compute.aggregate.HostZones;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * {@code /os-services} (admin): the list with its {@code host} and {@code binary} filters, and the update that
 * disables, enables or forces down a compute service: by its uuid from 2.53, by host and binary on an action path
 * ({@code enable}, {@code disable}, {@code disable-log-reason}, from 2.11 {@code force-down}) before.
 */
public final class ServiceRoutes {
    private static final String POLICY = "os_compute_api:os-services:";
    private final ServiceRegistry services;
    private final AvailabilityZones zones;
    private final Blocking blocking;

    public ServiceRoutes(ServiceRegistry services, AvailabilityZones zones, Blocking blocking) {
        this.services = services;
        this.zones = zones;
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/os-services").handler(this::list);
        router.put(v + "/os-services/:id").handler(this::update);
    }

    private void list(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> {
            NovaPolicy.admin(caller, POLICY + "list");
            NovaQuery query = NovaQuery.of(ctx).allowOnly(v, Set.of("host", "binary"));
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            HostZones hostZones = zones.hosts();
            services.list(query.nonEmpty("host"), query.nonEmpty("binary"))
                    .forEach(s -> list.add(view(s, hostZones, v)));
            return Reply.ok(new JsonObject().put("services", list));
        });
    }

    private void update(RoutingContext ctx) {
        AuthContext caller = AuthFilter.of(ctx);
        Microversion v = Microversion.of(ctx);
        blocking.reply(ctx, () -> v.atLeast(53) ? updateById(ctx, caller, v) : updateByAction(ctx, caller, v));
    }

    private Reply updateById(RoutingContext ctx, AuthContext caller, Microversion v) {
        String id = ctx.pathParam("id");
        JsonObject body = JsonBody.object(ctx);
        NovaSchema.allowOnly(body, Set.of("status", "disabled_reason", "forced_down"), null);
        String status = body.containsKey("status")
                ? NovaSchema.oneOf(body.getValue("status"), "status", List.of("enabled", "disabled")) : null;
        String reason = body.containsKey("disabled_reason")
                ? NovaSchema.string(body.getValue("disabled_reason"), "disabled_reason", 1, 255) : null;
        Boolean forcedDown = body.containsKey("forced_down")
                ? NovaSchema.bool(body.getValue("forced_down"), "forced_down") : null;
        if (!NovaSchema.isUuidLike(id)) {
            throw ApiException.badRequest("Invalid uuid " + id);
        }
        NovaPolicy.admin(caller, POLICY + "update");
        ServiceEntity service = services.byUuid(id)
                .orElseThrow(() -> ApiException.notFound("Service " + id + " could not be found."));
        requireCompute(service.binary());
        if ("enabled".equals(status) && reason != null) {
            throw ApiException.badRequest("Specifying 'disabled_reason' with status 'enabled' is invalid.");
        }
        ServiceChange change = new ServiceChange(Optional.ofNullable(status).map(s -> s.equals("disabled")),
                Optional.ofNullable(reason), Optional.ofNullable(forcedDown));
        if (change.isEmpty()) {
            throw ApiException.badRequest("No updates were requested. Fields 'status' or 'forced_down' should be "
                    + "specified.");
        }
        ServiceEntity updated = services.update(id, change);
        if (updated == null) {
            throw ApiException.notFound("Service " + id + " could not be found.");
        }
        return Reply.ok(new JsonObject().put("service", view(updated, zones.hosts(), v)
                .put("forced_down", updated.forcedDown())));
    }

    /** Before 2.53: {@code PUT /os-services/disable} with the host and binary in the body. */
    private Reply updateByAction(RoutingContext ctx, AuthContext caller, Microversion v) {
        String action = ctx.pathParam("id");
        JsonObject body = JsonBody.object(ctx);
        Set<String> fields = v.atLeast(11) ? Set.of("host", "binary", "disabled_reason", "forced_down")
                : Set.of("host", "binary", "disabled_reason");
        NovaSchema.allowOnly(body, fields, null);
        NovaSchema.require(body, "host", null);
        NovaSchema.require(body, "binary", null);
        String host = NovaSchema.string(body.getValue("host"), "host", 1, 255);
        String binary = NovaSchema.string(body.getValue("binary"), "binary", 1, 255);
        String reason = body.containsKey("disabled_reason")
                ? NovaSchema.string(body.getValue("disabled_reason"), "disabled_reason", 1, 255) : null;
        Boolean forced = body.containsKey("forced_down") ? NovaSchema.bool(body.getValue("forced_down"), "forced_down")
                : null;
        NovaPolicy.admin(caller, POLICY + "update");
        JsonObject answer = new JsonObject().put("host", host).put("binary", binary);
        ServiceChange change;
        switch (action) {
            case "enable" -> {
                change = new ServiceChange(Optional.of(false), Optional.empty(), Optional.empty());
                answer.put("status", "enabled");
            }
            case "disable" -> {
                change = new ServiceChange(Optional.of(true), Optional.empty(), Optional.empty());
                answer.put("status", "disabled");
            }
            case "disable-log-reason" -> {
                if (reason == null) {
                    throw ApiException.badRequest("Missing disabled reason field");
                }
                change = new ServiceChange(Optional.of(true), Optional.of(reason), Optional.empty());
                answer.put("status", "disabled").put("disabled_reason", reason);
            }
            case "force-down" -> {
                if (!v.atLeast(11)) {
                    throw ApiException.notFound("Unknown action");
                }
                if (forced == null) {
                    throw ApiException.badRequest("Missing forced_down field");
                }
                change = new ServiceChange(Optional.empty(), Optional.empty(), Optional.of(forced));
                answer = new JsonObject().put("host", host).put("binary", binary).put("forced_down", forced);
            }
            default -> throw ApiException.notFound("Unknown action");
        }
        requireCompute(binary);
        ServiceEntity service = services.byHostAndBinary(host, binary).orElseThrow(() -> ApiException.notFound(
                "Could not find binary " + binary + " on host " + host + "."));
        services.update(service.uuid(), change);
        return Reply.ok(new JsonObject().put("service", answer));
    }

    private static void requireCompute(String binary) {
        if (!binary.equals(ServiceRegistry.COMPUTE)) {
            throw ApiException.badRequest("Updating a " + binary + " service is not supported. Only nova-compute "
                    + "services can be updated.");
        }
    }

    private JsonObject view(ServiceEntity s, HostZones hostZones, Microversion v) {
        JsonObject o = new JsonObject().put("binary", s.binary()).put("host", s.host())
                .put("id", v.atLeast(53) ? (Object) s.uuid() : s.id())
                .put("zone", hostZones.ofService(s.binary(), s.host()))
                .put("status", s.disabled() ? "disabled" : "enabled").put("state", services.isUp(s) ? "up" : "down")
                .put("updated_at", NovaTime.micros(s.updatedAt())).put("disabled_reason", s.disabledReason());
        if (v.atLeast(11)) {
            o.put("forced_down", s.forcedDown());
        }
        return o;
    }
}
