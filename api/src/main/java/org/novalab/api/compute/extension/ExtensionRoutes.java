package org.novalab.api.compute.extension;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.novalab.api.http.ApiException;
import org.novalab.api.http.Blocking;
import org.novalab.api.http.Reply;

/**
 * {@code /extensions}: the frozen list of v2.1's extensions, by alias and name as Nova lists them (every microversion
 * still serves it; none removed it), each with when it was frozen and the namespace Nova gives all of them. The
 * descriptions are novalab's. Any authenticated caller may read it.
 */
public final class ExtensionRoutes {
    private static final String UPDATED = "2014-12-03T00:00:00Z";
    private static final String NAMESPACE = "http://docs.openstack.org/compute/ext/fake_xml";
    private static final JsonArray EXTENSIONS = load();

    private final Blocking blocking;

    public ExtensionRoutes(Blocking blocking) {
        this.blocking = blocking;
    }

    public void mount(Router router, String v) {
        router.get(v + "/extensions").handler(this::list);
        router.get(v + "/extensions/:alias").handler(this::show);
    }

    private void list(RoutingContext ctx) {
        blocking.reply(ctx, () -> Reply.ok(new JsonObject().put("extensions", EXTENSIONS.copy())));
    }

    private void show(RoutingContext ctx) {
        String alias = ctx.pathParam("alias");
        blocking.reply(ctx, () -> EXTENSIONS.stream().map(o -> (JsonObject) o)
                .filter(e -> e.getString("alias").equals(alias)).findFirst()
                .map(e -> Reply.ok(new JsonObject().put("extension", e.copy())))
                .orElseThrow(() -> ApiException.notFound("The resource could not be found.")));
    }

    private static JsonArray load() {
        try (InputStream in = ExtensionRoutes.class.getResourceAsStream("/nova/extensions.json")) {
            JsonArray listed = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonArray extensions = new JsonArray();
            for (Object o : listed) {
                JsonObject e = (JsonObject) o;
                extensions.add(new JsonObject().put("alias", e.getString("alias"))
                        .put("description", e.getString("description")).put("links", new JsonArray())
                        .put("name", e.getString("name")).put("namespace", NAMESPACE).put("updated", UPDATED));
            }
            return extensions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
