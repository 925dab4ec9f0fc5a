package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.image.Projects.ids;
import static org.novalab.api.image.Projects.image;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.image.Projects.Tenant;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Glance's image list: every filter and sort it has, pages with next links, and its 400s for bad values. */
class ImageListApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static Api admin;
    static Tenant lister;
    static Tenant other;
    /** lister's images: name to id; sizes 100, 300, 200 bytes */
    static final Map<String, String> MINE = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        admin = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
        lister = Projects.tenant(admin, server.baseUrl(), "lister", "member");
        other = Projects.tenant(admin, server.baseUrl(), "other", "member");
        int[] sizes = {100, 300, 200};
        String[] formats = {"raw", "qcow2", "raw"};
        String[] names = {"alpha", "charlie", "bravo"};
        for (int i = 0; i < 3; i++) {
            String id = image(lister.api(), new JsonObject().put("name", names[i]).put("disk_format", formats[i])
                    .put("container_format", i == 1 ? "ovf" : "bare").put("visibility", "private")
                    .put("os_distro", i == 2 ? "debian" : "cirros"));
            assertThat(Projects.upload(lister.api(), id, new byte[sizes[i]]).status()).isEqualTo(204);
            MINE.put(names[i], id);
        }
        MINE.put("queued", image(lister.api(), new JsonObject().put("name", "queued").put("visibility", "private")));
        image(other.api(), new JsonObject().put("name", "others-community").put("visibility", "community"));
        image(other.api(), new JsonObject().put("name", "others-private").put("visibility", "private"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(Api who, String path) {
        Api.Response r = who.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("images").stream().map(o -> ((JsonObject) o).getString("name")).toList();
    }

    @Test
    void filters_on_attributes_sizes_owner_and_properties() {
        Api me = lister.api();
        assertThat(names(me, "/v2/images?disk_format=raw&visibility=private")).containsExactlyInAnyOrder("alpha",
                "bravo", "queued");
        assertThat(names(me, "/v2/images?container_format=ovf")).containsExactly("charlie");
        assertThat(names(me, "/v2/images?size_min=150&size_max=300")).containsExactlyInAnyOrder("charlie", "bravo");
        assertThat(names(me, "/v2/images?size=100")).containsExactly("alpha");
        assertThat(names(me, "/v2/images?status=queued")).containsExactly("queued");
        assertThat(names(me, "/v2/images?name=in:alpha,bravo")).containsExactlyInAnyOrder("alpha", "bravo");
        assertThat(names(me, "/v2/images?owner=" + lister.projectId())).hasSize(4);
        assertThat(names(me, "/v2/images?os_distro=debian")).containsExactly("bravo");
        assertThat(names(me, "/v2/images?created_at=gte:2000-01-01T00:00:00Z")).hasSize(5); // + the public cirros
    }

    @Test
    void visibility_decides_whose_images_are_listed() {
        Api me = lister.api();
        assertThat(ids(me, "/v2/images")).contains(TestServers.CIRROS).containsAll(MINE.values()).hasSize(5);
        assertThat(names(me, "/v2/images?visibility=public")).containsExactly("cirros-x86_64");
        assertThat(names(me, "/v2/images?visibility=community")).containsExactly("others-community");
        assertThat(names(me, "/v2/images?visibility=all")).contains("others-community")
                .doesNotContain("others-private");
        assertThat(names(me, "/v2/images?visibility=private")).hasSize(4);
        assertThat(names(admin, "/v2/images")).contains("others-private").doesNotContain("others-community");
        assertThat(names(admin, "/v2/images?visibility=all")).contains("others-private", "others-community");
        assertThat(names(other.api(), "/v2/images")).contains("others-community");
    }

    @Test
    void sorts_by_several_keys_in_both_syntaxes() {
        Api me = lister.api();
        String mine = "owner=" + lister.projectId() + "&status=active";
        assertThat(names(me, "/v2/images?" + mine + "&sort_key=size&sort_dir=desc"))
                .containsExactly("charlie", "bravo", "alpha");
        assertThat(names(me, "/v2/images?" + mine + "&sort=size:asc")).containsExactly("alpha", "bravo", "charlie");
        assertThat(names(me, "/v2/images?" + mine + "&sort_key=name&sort_dir=asc"))
                .containsExactly("alpha", "bravo", "charlie");
        assertThat(names(me, "/v2/images?" + mine + "&sort=disk_format:asc,name:desc"))
                .containsExactly("charlie", "bravo", "alpha");
        assertThat(names(me, "/v2/images?" + mine + "&sort_key=disk_format&sort_dir=asc&sort_key=name&sort_dir=asc"))
                .containsExactly("charlie", "alpha", "bravo");
        // without a sort: newest first
        List<String> created = names(me, "/v2/images?" + mine);
        assertThat(created).containsExactly("bravo", "charlie", "alpha");
    }

    @Test
    void pages_follow_the_next_links_in_the_asked_order() {
        Api me = lister.api();
        List<String> seen = new ArrayList<>();
        String path = "/v2/images?owner=" + lister.projectId() + "&sort=name:asc&limit=1";
        JsonObject page = me.get(path).json();
        assertThat(page.getString("first")).isEqualTo("/v2/images?owner=" + lister.projectId()
                + "&sort=name%3Aasc&limit=1");
        while (true) {
            page.getJsonArray("images").forEach(o -> seen.add(((JsonObject) o).getString("name")));
            if (!page.containsKey("next")) {
                break;
            }
            page = me.get(page.getString("next")).json();
        }
        assertThat(seen).containsExactly("alpha", "bravo", "charlie", "queued");
        assertThat(seen).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(me.get("/v2/images?limit=0").json().getJsonArray("images")).isEmpty();
    }

    @Test
    void bad_list_parameters_are_glances_400s() {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("sort_key=colour", "Invalid sort key: colour. It must be one of the following: name, status, "
                + "container_format, disk_format, size, id, created_at, updated_at.");
        refusals.put("sort_dir=up", "Invalid sort direction: up");
        refusals.put("sort=name:sideways", "Invalid sort direction: sideways");
        refusals.put("sort=name&sort_key=size", "Old and new sorting syntax cannot be combined");
        refusals.put("sort_key=name&sort_key=size&sort_key=id&sort_dir=asc&sort_dir=desc",
                "Number of sort dirs does not match the number of sort keys");
        refusals.put("size_min=big", "Unable to filter on a range with a non-numeric value.");
        refusals.put("visibility=secret", "Invalid visibility value: secret");
        refusals.put("member_status=maybe", "Invalid status: maybe");
        refusals.put("limit=-1", "limit param must be positive");
        refusals.put("limit=many", "limit param must be an integer");
        refusals.put("name=like:al", "Unable to filter by unknown operator 'like'.");
        refusals.put("created_at=gt:yesterday", "Bad \"created_at\" query filter format. Use ISO 8601 DateTime "
                + "notation.");
        refusals.put("protected=maybe", "Invalid value 'maybe' for 'protected' filter. Valid values are 'true' or "
                + "'false'.");
        refusals.put("changes-since=2020-01-01T00:00:00Z", "The \"changes-since\" filter is no longer available "
                + "on v2.");
        refusals.put("marker=4b1d5a8e-0000-0000-0000-000000000000", "No image found with ID "
                + "4b1d5a8e-0000-0000-0000-000000000000");
        refusals.forEach((query, message) -> {
            Api.Response r = lister.api().get("/v2/images?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().getString("title")).isEqualTo("Bad Request");
            assertThat(r.json().getString("message")).as(query).isEqualTo(message);
        });
        // another project's private image is no marker for this one
        String hidden = ids(other.api(), "/v2/images?visibility=private").get(0);
        assertThat(lister.api().get("/v2/images?marker=" + hidden).status()).isEqualTo(400);
    }
}
