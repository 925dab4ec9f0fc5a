package org.novalab.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.io.AtomicFiles;

/** The state dir's database belongs to its server: private file, own password, no network listener. */
class EmbeddedDatabaseTest {
    @TempDir
    Path state;

    @Test
    void a_new_database_is_private_from_its_first_byte_and_has_a_password_of_its_own() throws Exception {
        DatabaseConfig config = DatabaseConfig.embedded(state).resolved();
        try (var c = DriverManager.getConnection(config.url(), config.user(), config.password())) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
        }
        assertThat(Files.getPosixFilePermissions(state.resolve(EmbeddedDatabase.FILE)))
                .isEqualTo(AtomicFiles.OWNER_ONLY);
        assertThat(Files.getPosixFilePermissions(state.resolve(EmbeddedDatabase.PASSWORD_FILE)))
                .isEqualTo(AtomicFiles.OWNER_ONLY);
        assertThat(config.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(config.url()).doesNotContain("AUTO_SERVER").contains("WRITE_DELAY=0");
        assertThatThrownBy(() -> DriverManager.getConnection(config.url(), "sa", "").close())
                .as("H2's empty default password").isInstanceOf(SQLException.class);
    }

    @Test
    void the_same_state_dir_opens_again_with_the_same_password() {
        String first = DatabaseConfig.embedded(state).resolved().password();
        assertThat(DatabaseConfig.embedded(state).resolved().password()).isEqualTo(first);
    }

    @Test
    void a_database_of_an_earlier_version_with_the_empty_password_adopts_the_state_dirs() throws Exception {
        String url = EmbeddedDatabase.url(state);
        try (var c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("CREATE TABLE instances(id INT)");
        }
        DatabaseConfig config = DatabaseConfig.embedded(state).resolved();
        try (var c = DriverManager.getConnection(config.url(), config.user(), config.password())) {
            assertThat(c.getMetaData().getTables(null, null, "INSTANCES", null).next()).as("its data").isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class);
    }

    @Test
    void a_password_file_others_can_read_is_refused_not_used() throws Exception {
        DatabaseConfig.embedded(state).resolved();
        Files.setPosixFilePermissions(state.resolve(EmbeddedDatabase.PASSWORD_FILE),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DatabaseConfig.embedded(state).resolved())
                .hasMessageContaining("db.password").hasMessageContaining("0600");
    }

    @Test
    void a_configured_url_is_used_as_given() {
        DatabaseConfig given = DatabaseConfig.of("jdbc:postgresql://db/nova", "nova", "pw");
        assertThat(given.resolved()).isSameAs(given);
    }
}
