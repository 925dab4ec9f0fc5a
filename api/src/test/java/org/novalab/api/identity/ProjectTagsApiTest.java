package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novalab.api.identity.Keystone.assertKeystoneError;
import static org.novalab.api.identity.Keystone.ids;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.TestServers;

/** Keystone's project tags: a project's list, one tag at a time, the list filters, and who may do what. */
class ProjectTagsApiTest {
    @TempDir
    static Path state;
    static NovalabServer server;
    static String base;
    static Api admin;
    static Keystone keystone;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        base = server.baseUrl();
        admin = Api.login(base, "admin", TestServers.ADMIN_PASSWORD, "demo");
        keystone = new Keystone(base, admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String tags(String project) {
        return "/identity/v3/projects/" + project + "/tags";
    }

    private static Api.Response putAll(String project, String... tags) {
        return admin.send("PUT", tags(project), new JsonObject().put("tags", new JsonArray(java.util.List.of(tags)))
                .encode(), Map.of());
    }

    @Test
    void a_tag_is_added_checked_listed_replaced_and_removed_as_keystone_does_it() {
        String project = keystone.project("tagged");

        Api.Response added = admin.send("PUT", tags(project) + "/lab-1", null, Map.of());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.header("Location")).isEqualTo(keystone.v3("/projects/" + project + "/tags/lab-1"));
        assertThat(admin.get(tags(project) + "/lab-1").status()).isEqualTo(204);
        assertThat(admin.send("PUT", tags(project) + "/lab-1", null, Map.of()).status())
                .as("adding a tag the project has changes nothing and is no error").isEqualTo(201);

        Api.Response replaced = putAll(project, "red", "green", "blue");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().getJsonArray("tags").getList()).containsExactly("red", "green", "blue");
        assertThat(admin.get(tags(project)).json().getJsonArray("tags").getList())
                .containsExactly("red", "green", "blue");
        assertThat(admin.get("/identity/v3/projects/" + project).json().getJsonObject("project")
                .getJsonArray("tags").getList()).as("the project shows its tags").containsExactly("red", "green", "blue");
        assertThat(admin.get(tags(project) + "/lab-1").status()).as("replaced, not merged").isEqualTo(404);

        assertThat(admin.delete(tags(project) + "/red").status()).isEqualTo(204);
        assertKeystoneError(admin.get(tags(project) + "/red"), 404, "Not Found");
        assertKeystoneError(admin.delete(tags(project) + "/red"), 404, "Not Found");

        assertThat(admin.delete(tags(project)).status()).isEqualTo(204);
        assertThat(admin.get(tags(project)).json().getJsonArray("tags").getList()).isEmpty();
    }

    @Test
    void bad_tags_and_too_many_tags_are_refused_and_leave_the_project_as_it_was() {
        String project = keystone.project("strict");
        putAll(project, "keep");

        assertKeystoneError(putAll(project, "a/b"), 400, "Bad Request");
        assertKeystoneError(putAll(project, "a,b"), 400, "Bad Request");
        assertKeystoneError(putAll(project, "twice", "twice"), 400, "Bad Request");
        assertKeystoneError(putAll(project, IntStream.range(0, ProjectTags.MAX + 1).mapToObj(i -> "t" + i)
                .toArray(String[]::new)), 400, "Bad Request");
        assertKeystoneError(admin.send("PUT", tags(project) + "/a,b", null, Map.of()), 400, "Bad Request");
        assertKeystoneError(admin.send("PUT", tags(project), new JsonObject().put("labels", new JsonArray()).encode(),
                Map.of()), 400, "Bad Request");

        assertThat(admin.get(tags(project)).json().getJsonArray("tags").getList()).containsExactly("keep");
        assertKeystoneError(admin.get("/identity/v3/projects/nope/tags"), 404, "Not Found");
    }

    @Test
    void the_project_list_filters_on_all_any_not_all_and_none_of_the_tags() {
        String both = keystone.createProject(new JsonObject().put("name", "f-both")
                .put("tags", new JsonArray().add("x").add("y"))).getString("id");
        String onlyX = keystone.createProject(new JsonObject().put("name", "f-x")
                .put("tags", new JsonArray().add("x"))).getString("id");
        String neither = keystone.createProject(new JsonObject().put("name", "f-none")
                .put("tags", new JsonArray().add("z"))).getString("id");

        assertThat(ids(admin.get("/identity/v3/projects?tags=x,y").json(), "projects")).containsExactly(both);
        assertThat(ids(admin.get("/identity/v3/projects?tags-any=x,y").json(), "projects"))
                .containsExactlyInAnyOrder(both, onlyX);
        assertThat(ids(admin.get("/identity/v3/projects?not-tags=x,y").json(), "projects"))
                .contains(onlyX, neither).doesNotContain(both);
        assertThat(ids(admin.get("/identity/v3/projects?not-tags-any=x,y").json(), "projects"))
                .contains(neither).doesNotContain(both, onlyX);
    }

    @Test
    void a_member_reads_its_own_projects_tags_but_changes_none() {
        String project = keystone.project("members-view");
        putAll(project, "course");
        String user = keystone.user("student-tags", "s3cret-pass");
        keystone.grant(project, user, Role.MEMBER.id());
        Api student = Keystone.as(base, Keystone.login(base, "student-tags", "s3cret-pass", project));

        assertThat(student.get(tags(project)).json().getJsonArray("tags").getList()).containsExactly("course");
        assertThat(student.get(tags(project) + "/course").status()).isEqualTo(204);
        assertKeystoneError(student.send("PUT", tags(project) + "/mine", null, Map.of()), 403, "Forbidden");
        assertKeystoneError(student.delete(tags(project)), 403, "Forbidden");
        assertKeystoneError(student.get(tags(keystone.project("someone-elses"))), 403, "Forbidden");
    }
}
