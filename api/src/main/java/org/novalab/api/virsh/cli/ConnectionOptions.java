package org.novalab.api.virsh.cli;

import com.beust.jcommander.Parameter;
import java.net.URI;
import java.util.Map;
import org.novalab.cli.UsageError;

/**
 * Where the novalab server is and how to authenticate, like the openstack client: {@code --url} (or
 * {@code NOVALAB_URL}, else the scheme, host and port of {@code OS_AUTH_URL}); {@code --token} (or {@code OS_TOKEN}),
 * else a password login with {@code OS_AUTH_URL}, {@code OS_USERNAME}, {@code OS_PASSWORD}, {@code OS_PROJECT_NAME}.
 */
public final class ConnectionOptions {
    @Parameter(names = "--url", description = "novalab server base URL (default: $NOVALAB_URL, else the host of $OS_AUTH_URL)")
    private String url;

    @Parameter(names = "--token", description = "Keystone token (default: $OS_TOKEN, else log in with the OS_* variables)")
    private String token;

    @Parameter(names = "--os-auth-url", description = "Keystone v3 URL (default: $OS_AUTH_URL)")
    private String authUrl;

    @Parameter(names = "--os-username", description = "User name (default: $OS_USERNAME)")
    private String username;

    @Parameter(names = "--os-password", description = "Password (default: $OS_PASSWORD)", password = false)
    private String password;

    @Parameter(names = "--os-project-name", description = "Project (default: $OS_PROJECT_NAME)")
    private String projectName;

    /** Resolves the options against the environment; a missing piece is a {@link UsageError} naming it. */
    public Connection resolve(Map<String, String> env) {
        String auth = firstOf(authUrl, env.get("OS_AUTH_URL"));
        String base = firstOf(url, env.get("NOVALAB_URL"));
        if (base == null && auth != null) {
            URI u = URI.create(auth);
            base = u.getScheme() + "://" + u.getAuthority();
        }
        if (base == null) {
            throw new UsageError("no server: give --url, or set NOVALAB_URL or OS_AUTH_URL");
        }
        String tok = firstOf(token, env.get("OS_TOKEN"));
        if (tok != null) {
            return new Connection(stripSlash(base), Credentials.token(tok));
        }
        String user = firstOf(username, env.get("OS_USERNAME"));
        String pass = firstOf(password, env.get("OS_PASSWORD"));
        if (auth == null || user == null || pass == null) {
            throw new UsageError("no credentials: give --token (or OS_TOKEN), or set OS_AUTH_URL, OS_USERNAME and "
                    + "OS_PASSWORD");
        }
        String project = firstOf(projectName, env.get("OS_PROJECT_NAME"));
        String userDomain = firstOf(env.get("OS_USER_DOMAIN_NAME"), "Default");
        String projectDomain = firstOf(env.get("OS_PROJECT_DOMAIN_NAME"), "Default");
        return new Connection(stripSlash(base), new Credentials(null, stripSlash(auth), user, pass,
                project == null ? "admin" : project, userDomain, projectDomain));
    }

    private static String firstOf(String a, String b) {
        return a != null && !a.isBlank() ? a : (b != null && !b.isBlank() ? b : null);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
