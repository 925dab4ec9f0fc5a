package org.novalab.api.virsh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beust.jcommander.JCommander;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.novalab.cli.UsageError;

class ConnectionOptionsTest {
    private static ConnectionOptions parse(String... args) {
        ConnectionOptions o = new ConnectionOptions();
        JCommander.newBuilder().addObject(o).build().parse(args);
        return o;
    }

    private static final Map<String, String> OPENRC = Map.of("OS_AUTH_URL", "http://10.0.0.5:8774/identity/v3/",
            "OS_USERNAME", "admin", "OS_PASSWORD", "pw", "OS_PROJECT_NAME", "demo");

    @Test
    void the_server_is_the_host_of_os_auth_url_and_the_login_uses_the_openrc_variables() {
        Connection c = parse().resolve(OPENRC);
        assertThat(c.baseUrl()).isEqualTo("http://10.0.0.5:8774");
        assertThat(c.credentials().hasToken()).isFalse();
        assertThat(c.credentials().authUrl()).isEqualTo("http://10.0.0.5:8774/identity/v3");
        assertThat(c.credentials().projectName()).isEqualTo("demo");
        assertThat(c.credentials().userDomain()).isEqualTo("Default");
        assertThat(c.credentials().toString()).doesNotContain("pw");
    }

    @Test
    void flags_win_over_the_environment_and_a_token_skips_the_login() {
        Connection c = parse("--url", "http://127.0.0.1:9000/", "--token", "gAAAAs3cr3t").resolve(OPENRC);
        assertThat(c.baseUrl()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.credentials().token()).isEqualTo("gAAAAs3cr3t");
        assertThat(c.credentials().toString()).doesNotContain("s3cr3t");
        assertThat(parse().resolve(Map.of("NOVALAB_URL", "http://h:1", "OS_TOKEN", "t")).credentials().token())
                .isEqualTo("t");
    }

    @Test
    void without_a_server_or_credentials_it_says_what_to_set() {
        assertThatThrownBy(() -> parse().resolve(Map.of())).isInstanceOf(UsageError.class)
                .hasMessageContaining("NOVALAB_URL or OS_AUTH_URL");
        assertThatThrownBy(() -> parse("--url", "http://h:1").resolve(Map.of())).isInstanceOf(UsageError.class)
                .hasMessageContaining("--token");
    }
}
