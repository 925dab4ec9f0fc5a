package org.novalab.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.server.NovalabServer;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.FakeCompute;
import org.novalab.api.testing.OpenstackCli;
import org.novalab.api.testing.TestServers;

/**
 * The real {@code openstack} client's identity verbs against novalab: every command must succeed (or fail where
 * Keystone would), and what it did must be what the API then shows, down to the new user's own token.
 */
@Tag("integration")
class IdentityClientIT {
    @TempDir
    static Path state;
    static NovalabServer server;
    static OpenstackCli cli;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(state), new FakeCompute());
        cli = new OpenstackCli(server.baseUrl(), state);
        api = Api.login(server.baseUrl(), "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonObject apiShow(String collection, String id) {
        Api.Response r = api.get("/identity/v3/" + collection + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonObject(collection.substring(0, collection.length() - 1));
    }

    @Test
    void project_create_list_show_set_and_delete() throws Exception {
        JsonObject created = cli.json("project", "create", "--description", "the first lab", "lab-a", "-f", "json");
        String id = created.getString("id");
        assertThat(apiShow("projects", id).getString("description")).isEqualTo("the first lab");
        assertThat(cli.rows("project", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .contains("demo", "lab-a");
        assertThat(cli.json("project", "show", "lab-a", "-f", "json").getString("id")).isEqualTo(id);

        cli.os("project", "set", "--name", "lab-b", "--description", "renamed", "--disable", "lab-a");
        JsonObject after = apiShow("projects", id);
        assertThat(after.getString("name")).isEqualTo("lab-b");
        assertThat(after.getString("description")).isEqualTo("renamed");
        assertThat(after.getBoolean("enabled")).isFalse();

        cli.os("project", "delete", "lab-b");
        assertThat(api.get("/identity/v3/projects/" + id).status()).isEqualTo(404);
        assertThat(cli.run("project", "show", id).exitCode()).isNotZero();
    }

    @Test
    void a_user_made_with_the_client_logs_in_to_its_project_until_its_role_or_itself_is_gone() throws Exception {
        String project = cli.json("project", "create", "course", "-f", "json").getString("id");
        JsonObject created = cli.json("user", "create", "--password", "pw-stu", "--project", "course", "--email",
                "stu@example.org", "student", "-f", "json");
        String user = created.getString("id");
        assertThat(apiShow("users", user).getString("default_project_id")).isEqualTo(project);
        assertThat(cli.rows("user", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .contains("admin", "student");
        assertThat(cli.json("user", "show", "student", "-f", "json").getString("email")).isEqualTo("stu@example.org");
        cli.os("user", "set", "--email", "student@example.org", "student");
        assertThat(apiShow("users", user).getString("email")).isEqualTo("student@example.org");

        assertThat(cli.rows("role", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .contains("admin", "member", "reader");
        cli.os("role", "add", "--project", "course", "--user", "student", "member");
        List<JsonObject> assignments = cli.rows("role", "assignment", "list", "--user", "student", "--project",
                "course", "--names", "-f", "json");
        assertThat(assignments).hasSize(1);
        assertThat(assignments.get(0).getString("Role")).isEqualTo("member");
        assertThat(assignments.get(0).getString("User")).isEqualTo("student@Default");
        assertThat(assignments.get(0).getString("Project")).isEqualTo("course@Default");
        assertThat(cli.rows("role", "assignment", "list", "--user", user, "--effective", "-f", "json").stream()
                .map(r -> r.getString("Role"))).containsExactlyInAnyOrder("member", "reader");

        OpenstackCli student = cli.as("student", "pw-stu", "course");
        JsonObject token = student.json("token", "issue", "-f", "json");
        assertThat(token.getString("project_id")).isEqualTo(project);
        assertThat(token.getString("user_id")).isEqualTo(user);
        Api asStudent = new Api(server.baseUrl(), token.getString("id"));
        assertThat(asStudent.get("/v2.1/servers").status()).isEqualTo(200);
        assertThat(student.rows("project", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .containsExactly("course");

        cli.os("token", "revoke", token.getString("id"));
        assertThat(asStudent.get("/v2.1/servers").status()).isEqualTo(401);
        assertThat(api.send("GET", "/identity/v3/auth/tokens", null, Map.of("X-Subject-Token", token.getString("id")))
                .status()).isEqualTo(404);

        String second = student.json("token", "issue", "-f", "json").getString("id");
        cli.os("role", "remove", "--project", "course", "--user", "student", "member");
        assertThat(cli.rows("role", "assignment", "list", "--user", user, "-f", "json")).isEmpty();
        assertThat(student.run("token", "issue").exitCode()).as("no role left on the project").isNotZero();
        assertThat(new Api(server.baseUrl(), second).get("/v2.1/servers").status()).isEqualTo(401);

        cli.os("role", "add", "--project", "course", "--user", "student", "reader");
        String third = student.json("token", "issue", "-f", "json").getString("id");
        cli.os("user", "delete", "student");
        assertThat(api.get("/identity/v3/users/" + user).status()).isEqualTo(404);
        assertThat(new Api(server.baseUrl(), third).get("/v2.1/servers").status()).isEqualTo(401);
        assertThat(student.run("token", "issue").exitCode()).isNotZero();
    }

    @Test
    void an_application_credential_made_with_the_client_logs_the_client_in_with_its_roles_only() throws Exception {
        String project = cli.json("project", "create", "pipeline", "-f", "json").getString("id");
        cli.os("user", "create", "--password", "pw-ci", "--project", "pipeline", "ci-owner");
        cli.os("role", "add", "--project", "pipeline", "--user", "ci-owner", "member");
        OpenstackCli owner = cli.as("ci-owner", "pw-ci", "pipeline");

        JsonObject created = owner.json("application", "credential", "create", "--role", "reader", "--description",
                "the CI's", "ci-runner", "-f", "json");
        String secret = created.getString("secret");
        assertThat(secret).isNotBlank();
        assertThat(created.getString("project_id")).isEqualTo(project);
        assertThat(owner.rows("application", "credential", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .containsExactly("ci-runner");
        assertThat(owner.os("application", "credential", "show", "ci-runner", "-f", "json")).doesNotContain(secret);

        String[] asApplication = {"--os-auth-type", "v3applicationcredential", "--os-application-credential-id",
                created.getString("id"), "--os-application-credential-secret", secret};
        JsonObject token = owner.json(concat(asApplication, "token", "issue", "-f", "json"));
        assertThat(token.getString("project_id")).isEqualTo(project);
        assertThat(owner.run(concat(asApplication, "server", "list")).exitCode()).isZero();
        Api.Response roles = api.send("GET", "/identity/v3/auth/tokens", null,
                Map.of("X-Subject-Token", token.getString("id")));
        assertThat(roles.json().getJsonObject("token").getJsonArray("roles").stream()
                .map(r -> ((JsonObject) r).getString("name"))).containsExactly("reader");

        owner.os("application", "credential", "delete", "ci-runner");
        assertThat(owner.run(concat(asApplication, "token", "issue")).exitCode()).isNotZero();
    }

    private static String[] concat(String[] first, String... rest) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(rest))
                .toArray(String[]::new);
    }

    @Test
    void a_group_made_with_the_client_gives_its_members_the_role_it_holds() throws Exception {
        String project = cli.json("project", "create", "seminar", "-f", "json").getString("id");
        String user = cli.json("user", "create", "--password", "pw-sem", "attendee", "-f", "json").getString("id");
        JsonObject group = cli.json("group", "create", "--domain", "default", "--description", "the seminar's",
                "attendees", "-f", "json");
        String id = group.getString("id");
        assertThat(apiShow("groups", id).getString("description")).isEqualTo("the seminar's");
        assertThat(cli.rows("group", "list", "-f", "json").stream().map(r -> r.getString("Name")))
                .contains("attendees");

        cli.os("group", "add", "user", "attendees", "attendee");
        assertThat(cli.run("group", "contains", "user", "attendees", "attendee").exitCode()).isZero();
        assertThat(cli.rows("group", "list", "--user", "attendee", "-f", "json").stream()
                .map(r -> r.getString("ID"))).containsExactly(id);
        assertThat(cli.rows("user", "list", "--group", "attendees", "-f", "json").stream()
                .map(r -> r.getString("ID"))).containsExactly(user);

        cli.os("role", "add", "--project", "seminar", "--group", "attendees", "member");
        List<JsonObject> assignments = cli.rows("role", "assignment", "list", "--group", "attendees", "--names",
                "-f", "json");
        assertThat(assignments).hasSize(1);
        assertThat(assignments.get(0).getString("Group")).isEqualTo("attendees@Default");
        assertThat(assignments.get(0).getString("Project")).isEqualTo("seminar@Default");
        assertThat(cli.rows("role", "assignment", "list", "--user", "attendee", "--effective", "-f", "json").stream()
                .map(r -> r.getString("Role"))).containsExactlyInAnyOrder("member", "reader");
        OpenstackCli attendee = cli.as("attendee", "pw-sem", "seminar");
        JsonObject token = attendee.json("token", "issue", "-f", "json");
        assertThat(token.getString("project_id")).isEqualTo(project);
        assertThat(new Api(server.baseUrl(), token.getString("id")).get("/v2.1/servers").status()).isEqualTo(200);

        cli.os("group", "remove", "user", "attendees", "attendee");
        assertThat(new Api(server.baseUrl(), token.getString("id")).get("/v2.1/servers").status())
                .as("leaving a group ends the user's tokens").isEqualTo(401);
        assertThat(attendee.run("token", "issue").exitCode()).as("no role without the group").isNotZero();
        cli.os("role", "remove", "--project", "seminar", "--group", "attendees", "member");
        cli.os("group", "delete", "attendees");
        assertThat(api.get("/identity/v3/groups/" + id).status()).isEqualTo(404);
    }

    @Test
    void domain_list_and_show_name_the_default_domain() throws Exception {
        List<JsonObject> domains = cli.rows("domain", "list", "-f", "json");
        assertThat(domains).extracting(d -> d.getString("ID") + "=" + d.getString("Name")).contains("default=Default");
        JsonObject shown = cli.json("domain", "show", "Default", "-f", "json");
        assertThat(shown.getString("id")).isEqualTo("default");
        assertThat(shown.getBoolean("enabled")).isTrue();
    }

    @Test
    void the_admin_issues_and_revokes_its_own_token() throws Exception {
        JsonObject token = cli.json("token", "issue", "-f", "json");
        Api own = new Api(server.baseUrl(), token.getString("id"));
        assertThat(own.get("/v2.1/servers").status()).isEqualTo(200);
        cli.os("token", "revoke", token.getString("id"));
        assertThat(own.get("/v2.1/servers").status()).isEqualTo(401);
    }
}
