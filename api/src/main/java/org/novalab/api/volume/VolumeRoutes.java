package org.novalab.api.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.BaseUrl;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.JsonBody;
import org.novalab.api.http.Reply;
import org.novalab.api.identity.AuthContext;
import org.novalab.api.identity.AuthFilter;

/**
 * Cinder's v3 API at {@code /volume/v3/{project_id}}, where the catalog's block-storage endpoints point: version
 * documents, volume types with extra and encryption specs, and volumes (create, list, show, update, delete and
 * the {@code os-extend} action). Every answer under {@code /volume/v3} carries the microversion it followed.
 */
public final class VolumeRoutes {
    static final String ROOT = "/volume";
    static final String V3 = ROOT + "/v3/:project_id";
    private static final Set<String> LIST_FILTERS = Set.of("all_tenants", "name", "status", "metadata", "limit",
            "marker", "sort", "sort_key", "sort_dir", "with_count", "project_id");
    /** The actions {@code /volumes/{id}/action} takes, as openapi.json's VolumeActionRequest lists them. */
    public static final Set<String> ACTIONS = Set.of("os-extend", "revert");
    /** Cinder 3.40: a volume reverts to its latest snapshot ({@code revert} action). */
    static final int REVERT = 40;
    private final BlockStorage storage;
    private final Blocking blocking;
    private final AuthFilter auth;

    public VolumeRoutes(BlockStorage storage, Blocking blocking, AuthFilter auth) {
        this.storage = storage;
        this.blocking = blocking;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.get(ROOT).handler(ctx -> Blocking.send(ctx, Reply.of(300, versions(ctx))));
        router.get(ROOT + "/").handler(ctx -> Blocking.send(ctx, Reply.of(300, versions(ctx))));
        router.route(ROOT + "/v3*").handler(ctx -> {
            VolumeMicroversion.negotiate(ctx);
            ctx.next();
        });
        router.get(ROOT + "/v3").handler(ctx -> Blocking.send(ctx, Reply.ok(versions(ctx))));
        router.get(ROOT + "/v3/").handler(ctx -> Blocking.send(ctx, Reply.ok(versions(ctx))));
        router.route(V3 + "/*").handler(auth).handler(VolumeRoutes::sameProject);

        router.get(V3 + "/types").handler(this::listTypes);
        router.post(V3 + "/types").handler(this::createType);
        router.get(V3 + "/types/default").handler(this::defaultType);
        router.get(V3 + "/types/:type").handler(this::showType);
        router.put(V3 + "/types/:type").handler(this::updateType);
        router.delete(V3 + "/types/:type").handler(ctx -> admin(ctx, () -> {
            storage.types().delete(ctx.pathParam("type"));
            return Reply.of(202, null);
        }));
        router.get(V3 + "/types/:type/extra_specs").handler(ctx -> blocking.reply(ctx, () -> Reply.ok(
                new JsonObject().put("extra_specs", new JsonObject(new LinkedHashMap<String, Object>(
                        storage.types().specs(ctx.pathParam("type"), AuthFilter.of(ctx).isAdmin())))))));
        router.post(V3 + "/types/:type/extra_specs").handler(this::setSpecs);
        router.get(V3 + "/types/:type/extra_specs/:key").handler(this::showSpec);
        router.put(V3 + "/types/:type/extra_specs/:key").handler(this::putSpec);
        router.delete(V3 + "/types/:type/extra_specs/:key").handler(ctx -> admin(ctx, () -> {
            storage.types().deleteSpec(ctx.pathParam("type"), ctx.pathParam("key"));
            return Reply.of(202, null);
        }));
        router.get(V3 + "/types/:type/encryption").handler(ctx -> blocking.reply(ctx, () -> Reply.ok(
                VolumeJson.encryption(storage.types().encryption(ctx.pathParam("type"),
                        AuthFilter.of(ctx).isAdmin())))));
        router.post(V3 + "/types/:type/encryption").handler(this::createEncryption);
        router.get(V3 + "/types/:type/encryption/:key").handler(this::showEncryptionItem);
        router.put(V3 + "/types/:type/encryption/:encryption").handler(this::updateEncryption);
        router.delete(V3 + "/types/:type/encryption/:encryption").handler(ctx -> admin(ctx, () -> {
            storage.types().deleteEncryption(ctx.pathParam("type"));
            return Reply.of(202, null);
        }));

        new QosRoutes(storage.qos(), blocking).mount(router, V3);
        new VolumeQuotaRoutes(storage.quotas(), blocking).mount(router, V3);
        new AttachmentRoutes(storage.attachments(), blocking).mount(router, V3);
        new SnapshotRoutes(storage.snapshots(), blocking).mount(router, V3);

        router.post(V3 + "/volumes").handler(this::createVolume);
        router.get(V3 + "/volumes").handler(ctx -> listVolumes(ctx, false));
        router.get(V3 + "/volumes/detail").handler(ctx -> listVolumes(ctx, true));
        router.get(V3 + "/volumes/:id").handler(ctx -> blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.of(ctx);
            Volumes.Shown shown = storage.volumes().show(a, ctx.pathParam("id"));
            return Reply.ok(new JsonObject().put("volume", detail(ctx, shown)));
        }));
        router.put(V3 + "/volumes/:id").handler(this::updateVolume);
        router.delete(V3 + "/volumes/:id").handler(ctx -> blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            String cascade = ctx.queryParams().get("cascade");
            storage.volumes().delete(a, ctx.pathParam("id"), cascade != null
                    && Set.of("1", "t", "true", "on", "y", "yes").contains(cascade.toLowerCase(java.util.Locale.ROOT)));
            return Reply.of(202, null);
        }));
        router.post(V3 + "/volumes/:id/action").handler(this::action);
        router.get(V3 + "/volumes/:id/metadata").handler(ctx -> blocking.reply(ctx, () -> Reply.ok(metadata(
                storage.volumes().show(AuthFilter.of(ctx), ctx.pathParam("id")).volume().metadata()))));
        router.post(V3 + "/volumes/:id/metadata").handler(ctx -> setMetadata(ctx, false));
        router.put(V3 + "/volumes/:id/metadata").handler(ctx -> setMetadata(ctx, true));
        router.get(V3 + "/volumes/:id/metadata/:key").handler(ctx -> blocking.reply(ctx, () -> {
            String key = ctx.pathParam("key");
            String value = storage.volumes().show(AuthFilter.of(ctx), ctx.pathParam("id")).volume().metadata()
                    .get(key);
            if (value == null) {
                throw ApiException.notFound("Volume " + ctx.pathParam("id") + " has no metadata with key " + key
                        + ".");
            }
            return Reply.ok(new JsonObject().put("meta", new JsonObject().put(key, value)));
        }));
        router.delete(V3 + "/volumes/:id/metadata/:key").handler(ctx -> blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            storage.volumes().changeMetadata(a, ctx.pathParam("id"), m -> {
                if (m.remove(ctx.pathParam("key")) == null) {
                    throw ApiException.notFound("Volume " + ctx.pathParam("id") + " has no metadata with key "
                            + ctx.pathParam("key") + ".");
                }
            });
            return Reply.of(200, null); // Cinder's answer: 200 with no body
        }));
    }

    private static JsonObject metadata(Map<String, String> m) {
        return new JsonObject().put("metadata", new JsonObject(new LinkedHashMap<String, Object>(m)));
    }

    /** Cinder's POST merges the given items into the volume's metadata, PUT replaces it. */
    private void setMetadata(RoutingContext ctx, boolean replace) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            JsonObject body = JsonBody.object(ctx);
            Map<String, String> given = VolumeRequests.strings(JsonBody.requireObject(body, "metadata"), "metadata");
            Map<String, String> now = storage.volumes().changeMetadata(a, ctx.pathParam("id"), m -> {
                if (replace) {
                    m.clear();
                }
                m.putAll(given);
            });
            return Reply.ok(metadata(now));
        });
    }

    /** Cinder refuses a URL naming another project than the token's. */
    private static void sameProject(RoutingContext ctx) {
        AuthContext a = AuthFilter.of(ctx);
        if (!ctx.pathParam("project_id").equals(a.projectId())) {
            ctx.fail(ApiException.badRequest("Malformed request url"));
        } else {
            ctx.next();
        }
    }

    private static JsonObject versions(RoutingContext ctx) {
        return new JsonObject().put("versions", new JsonArray().add(VolumeJson.versionV3(BaseUrl.of(ctx))));
    }

    // ---- types ----

    private void listTypes(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            boolean admin = AuthFilter.of(ctx).isAdmin();
            JsonArray list = new JsonArray();
            storage.types().list(admin).forEach(t -> list.add(VolumeJson.type(t, admin)));
            return Reply.ok(new JsonObject().put("volume_types", list));
        });
    }

    private void showType(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            boolean admin = AuthFilter.of(ctx).isAdmin();
            return Reply.ok(new JsonObject().put("volume_type", VolumeJson.type(
                    storage.types().get(ctx.pathParam("type"), admin), admin)));
        });
    }

    private void defaultType(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            boolean admin = AuthFilter.of(ctx).isAdmin();
            return Reply.ok(new JsonObject().put("volume_type", VolumeJson.type(
                    storage.db().read(s -> storage.types().defaultType(s)).type(), admin)));
        });
    }

    private void createType(RoutingContext ctx) {
        admin(ctx, () -> {
            JsonObject t = JsonBody.requireObject(JsonBody.object(ctx), "volume_type");
            JsonBody.allowOnly(t, Set.of("name", "description", "os-volume-type-access:is_public", "is_public",
                    "extra_specs"), "volume_type");
            String name = JsonBody.requireString(t, "name", 255).strip();
            if (name.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field/attribute name. Value: . '' is too short");
            }
            boolean isPublic = JsonBody.optionalBoolean(t, "os-volume-type-access:is_public",
                    JsonBody.optionalBoolean(t, "is_public", true));
            VolumeTypeEntity created = storage.types().create(name, VolumeRequests.text(t, "description"), isPublic,
                    VolumeRequests.metadata(t, "extra_specs"));
            return Reply.ok(new JsonObject().put("volume_type", VolumeJson.type(created, true)));
        });
    }

    private void updateType(RoutingContext ctx) {
        admin(ctx, () -> {
            JsonObject t = JsonBody.requireObject(JsonBody.object(ctx), "volume_type");
            JsonBody.allowOnly(t, Set.of("name", "description", "is_public"), "volume_type");
            String name = VolumeRequests.text(t, "name");
            String description = VolumeRequests.text(t, "description");
            Boolean isPublic = t.getValue("is_public") == null ? null : JsonBody.optionalBoolean(t, "is_public", true);
            if (name == null && description == null && isPublic == null) {
                throw ApiException.badRequest("Specify volume type name, description, is_public or a combination "
                        + "thereof.");
            }
            VolumeTypeEntity updated = storage.types().update(ctx.pathParam("type"),
                    name == null ? null : name.strip(), description, isPublic);
            return Reply.ok(new JsonObject().put("volume_type", VolumeJson.type(updated, true)));
        });
    }

    private void setSpecs(RoutingContext ctx) {
        admin(ctx, () -> {
            JsonObject body = JsonBody.object(ctx);
            Map<String, String> specs = VolumeRequests.strings(JsonBody.requireObject(body, "extra_specs"),
                    "extra_specs");
            Map<String, String> set = storage.types().setSpecs(ctx.pathParam("type"), specs);
            return Reply.ok(new JsonObject().put("extra_specs",
                    new JsonObject(new LinkedHashMap<String, Object>(set))));
        });
    }

    private void showSpec(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            String key = ctx.pathParam("key");
            String value = storage.types().specs(ctx.pathParam("type"), AuthFilter.of(ctx).isAdmin()).get(key);
            if (value == null) {
                throw ApiException.notFound("Volume Type " + ctx.pathParam("type") + " has no extra specs with key "
                        + key + ".");
            }
            return Reply.ok(new JsonObject().put(key, value));
        });
    }

    private void putSpec(RoutingContext ctx) {
        admin(ctx, () -> {
            String key = ctx.pathParam("key");
            JsonObject body = JsonBody.object(ctx);
            if (body.size() != 1 || !body.containsKey(key)) {
                throw ApiException.badRequest("Request body and URI mismatch");
            }
            Map<String, String> spec = VolumeRequests.strings(body, "extra_specs");
            storage.types().setSpecs(ctx.pathParam("type"), spec);
            return Reply.ok(new JsonObject(new LinkedHashMap<String, Object>(spec)));
        });
    }

    private void createEncryption(RoutingContext ctx) {
        admin(ctx, () -> {
            JsonObject e = encryptionBody(ctx);
            VolumeEncryption spec = VolumeEncryption.validated(JsonBody.optionalString(e, "provider", 255),
                    JsonBody.optionalString(e, "cipher", 255), keySize(e),
                    JsonBody.optionalString(e, "control_location", 255));
            VolumeEncryptionEntity created = storage.types().createEncryption(ctx.pathParam("type"), spec);
            return Reply.ok(new JsonObject().put("encryption", VolumeJson.encryption(java.util.Optional.of(created))));
        });
    }

    private void updateEncryption(RoutingContext ctx) {
        admin(ctx, () -> {
            JsonObject e = encryptionBody(ctx);
            Integer keySize = keySize(e);
            VolumeEncryptionEntity updated = storage.types().updateEncryption(ctx.pathParam("type"), old ->
                    VolumeEncryption.validated(
                            e.containsKey("provider") ? JsonBody.optionalString(e, "provider", 255) : old.provider(),
                            e.containsKey("cipher") ? JsonBody.optionalString(e, "cipher", 255) : old.cipher(),
                            e.containsKey("key_size") ? keySize : old.keySize(),
                            e.containsKey("control_location") ? JsonBody.optionalString(e, "control_location", 255)
                                    : old.controlLocation()));
            return Reply.ok(new JsonObject().put("encryption", VolumeJson.encryption(java.util.Optional.of(updated))));
        });
    }

    private void showEncryptionItem(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            String key = ctx.pathParam("key");
            JsonObject all = VolumeJson.encryption(storage.types().encryption(ctx.pathParam("type"),
                    AuthFilter.of(ctx).isAdmin()));
            if (!all.containsKey(key)) {
                throw ApiException.notFound("Volume type encryption for type " + ctx.pathParam("type")
                        + " does not exist.");
            }
            return Reply.ok(new JsonObject().put(key, all.getValue(key)));
        });
    }

    private static JsonObject encryptionBody(RoutingContext ctx) {
        JsonObject e = JsonBody.requireObject(JsonBody.object(ctx), "encryption");
        JsonBody.allowOnly(e, Set.of("provider", "cipher", "key_size", "control_location"), "encryption");
        return e;
    }

    private static Integer keySize(JsonObject e) {
        return JsonBody.optionalInt(e, "key_size");
    }

    // ---- volumes ----

    private void createVolume(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            Volumes.Shown created = storage.volumes().create(a, VolumeRequests.create(JsonBody.object(ctx)));
            return Reply.of(202, new JsonObject().put("volume", detail(ctx, created)));
        });
    }

    private void listVolumes(RoutingContext ctx, boolean detail) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.of(ctx);
            var params = ctx.queryParams();
            ListQuery query = ListQuery.of(a, params, LIST_FILTERS);
            Map<String, String> metadata = params.get("metadata") == null ? Map.of()
                    : metadataFilter(params.get("metadata"));
            CinderListing.Page<Volumes.Shown> page = storage.volumes().list(a, params.get("name"),
                    params.get("status"), metadata, query);
            JsonArray list = new JsonArray();
            String base = BaseUrl.of(ctx);
            page.items().forEach(v -> list.add(detail ? detail(ctx, v) : VolumeJson.summary(base, v)));
            JsonObject body = new JsonObject().put("volumes", list);
            if (page.more()) {
                query.linkNext(body, "volumes", base + "/volume/v3/" + a.projectId() + "/volumes"
                        + (detail ? "/detail" : ""), page.last().volume().id);
            }
            return Reply.ok(body);
        });
    }

    /** Cinder's {@code metadata} filter: a dict in Python's or JSON's notation. */
    private static Map<String, String> metadataFilter(String text) {
        try {
            return VolumeRequests.strings(new JsonObject(text.replace('\'', '"')), "metadata");
        } catch (io.vertx.core.json.DecodeException e) {
            throw ApiException.badRequest("Invalid input received: metadata filter must be a dict, not " + text);
        }
    }

    private void updateVolume(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            JsonObject v = JsonBody.requireObject(JsonBody.object(ctx), "volume");
            JsonBody.allowOnly(v, Set.of("name", "description", "display_name", "display_description", "metadata"),
                    "volume");
            if (v.isEmpty()) {
                throw ApiException.badRequest("Invalid input for field/attribute volume. Value: {}. {} does not have "
                        + "enough properties");
            }
            String name = VolumeRequests.text(v, v.containsKey("name") ? "name" : "display_name");
            String description = VolumeRequests.text(v, v.containsKey("description") ? "description"
                    : "display_description");
            Map<String, String> metadata = v.containsKey("metadata") ? VolumeRequests.metadata(v, "metadata") : null;
            Volumes.Shown updated = storage.volumes().update(a, ctx.pathParam("id"), name, description, metadata);
            return Reply.ok(new JsonObject().put("volume", detail(ctx, updated)));
        });
    }

    private void action(RoutingContext ctx) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.requireWriter(ctx);
            JsonObject body = JsonBody.object(ctx);
            if (body.size() != 1) {
                throw ApiException.badRequest("Malformed request body: one action per request");
            }
            String action = body.fieldNames().iterator().next();
            if (!ACTIONS.contains(action)) {
                throw ApiException.badRequest("There is no such action: " + action);
            }
            if (action.equals("revert") && VolumeMicroversion.of(ctx).atLeast(REVERT)) {
                JsonObject revert = JsonBody.requireObject(body, "revert");
                JsonBody.allowOnly(revert, Set.of("snapshot_id"), "revert");
                // Cinder's schema requires the snapshot: a revert names what it goes back to
                storage.volumes().revert(a, ctx.pathParam("id"), JsonBody.requireString(revert, "snapshot_id", 36));
                return Reply.of(202, null);
            }
            if (action.equals("revert")) {
                throw ApiException.notFound("The resource could not be found. (revert needs microversion 3.40)");
            }
            JsonObject extend = JsonBody.requireObject(body, "os-extend");
            JsonBody.allowOnly(extend, Set.of("new_size"), "os-extend");
            if (!extend.containsKey("new_size")) {
                // Cinder's schema requires it: say so, rather than that None is no integer
                throw ApiException.badRequest("'new_size' is a required property");
            }
            storage.volumes().extend(a, ctx.pathParam("id"), VolumeRequests.size(extend.getValue("new_size"),
                    "new_size"));
            return Reply.of(202, null);
        });
    }

    private JsonObject detail(RoutingContext ctx, Volumes.Shown v) {
        AuthContext a = AuthFilter.of(ctx);
        return VolumeJson.detail(BaseUrl.of(ctx), v, VolumeMicroversion.of(ctx), a.isAdmin(), storage.host());
    }

    private void admin(RoutingContext ctx, java.util.concurrent.Callable<Reply> work) {
        blocking.reply(ctx, () -> {
            AuthContext a = AuthFilter.of(ctx);
            if (!a.isAdmin()) {
                throw ApiException.forbidden("Policy doesn't allow volume_extension:types_manage to be performed.");
            }
            return work.call();
        });
    }
}
