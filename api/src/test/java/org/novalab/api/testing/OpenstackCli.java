package org.novalab.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.novalab.testing.RealTools;

/** The real {@code openstack} client (python3-openstackclient) pointed at a novalab, as its README tells a user. */
public final class OpenstackCli {
    private final Path openstack = RealTools.require("openstack", "python3-openstackclient");
    private final String baseUrl;
    private final Path home;
    private final String user;
    private final String password;
    private final String project;

    /** @param home the client's HOME (its cache), a temporary directory of the test */
    public OpenstackCli(String baseUrl, Path home) {
        this(baseUrl, home, "admin", TestServers.ADMIN_PASSWORD, "demo");
    }

    /** The client as another user, scoped to {@code project} (in the Default domain). */
    public OpenstackCli(String baseUrl, Path home, String user, String password, String project) {
        this.baseUrl = baseUrl;
        this.home = home;
        this.user = user;
        this.password = password;
        this.project = project;
    }

    /** The same client with another user's credentials (OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME). */
    public OpenstackCli as(String otherUser, String otherPassword, String otherProject) {
        return new OpenstackCli(baseUrl, home, otherUser, otherPassword, otherProject);
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code openstack ARGS}, whatever its exit code. */
    public Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(openstack.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OS_"));
        env.put("OS_AUTH_URL", baseUrl + "/identity/v3");
        env.put("OS_USERNAME", user);
        env.put("OS_PASSWORD", password);
        env.put("OS_PROJECT_NAME", project);
        env.put("OS_USER_DOMAIN_NAME", "Default");
        env.put("OS_PROJECT_DOMAIN_NAME", "Default");
        env.put("OS_IDENTITY_API_VERSION", "3");
        env.put("OS_COMPUTE_API_VERSION", "2.79");
        env.put("HOME", home.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Runs {@code openstack ARGS}, which must succeed; its standard output. */
    public String os(String... args) throws Exception {
        Result r = run(args);
        assertThat(r.exitCode()).as("openstack %s%nstdout: %s%nstderr: %s", String.join(" ", args), r.stdout(),
                r.stderr()).isZero();
        return r.stdout();
    }

    public JsonObject json(String... args) throws Exception {
        return new JsonObject(os(args));
    }

    public List<JsonObject> rows(String... args) throws Exception {
        List<JsonObject> rows = new ArrayList<>();
        new JsonArray(os(args)).forEach(o -> rows.add((JsonObject) o));
        return rows;
    }
}
