package org.novalab.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a router's routes become OpenAPI operations: endpoints named by template, filters left out. */
class RouteTableTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void endpoints_are_named_by_their_openapi_template_and_filters_are_left_out() {
        Router router = Router.router(vertx);
        router.route("/v2/*").handler(ctx -> ctx.next());
        router.route().handler(ctx -> ctx.next());
        router.get("/v2.1/servers/:id/metadata/:key").handler(ctx -> ctx.end());
        router.delete("/v2.1/images/").handler(ctx -> ctx.end());
        router.route("/ui/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.end());
        router.getWithRegex("/ui").handler(ctx -> ctx.end());
        router.getWithRegex("/x/[0-9]+").handler(ctx -> ctx.end());

        assertThat(RouteTable.of(router)).extracting(Operation::toString).containsExactly("GET /ui", "GET /ui/{file}",
                "HEAD /ui/{file}", "DELETE /v2.1/images/", "GET /v2.1/servers/{id}/metadata/{key}",
                "GET regex:/x/[0-9]+");
    }
}
