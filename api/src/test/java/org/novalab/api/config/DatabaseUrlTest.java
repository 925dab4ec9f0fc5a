package org.novalab.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What config show and error messages may print of a database URL: never its password. */
class DatabaseUrlTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://nova:s3cret@db/nova|postgresql://nova:****@db/nova",
            "postgresql+psycopg2://nova:s3cret@db:5432/nova?sslmode=require|postgresql+psycopg2://nova:****@db:5432/nova?sslmode=require",
            "postgresql://nova@db/nova|postgresql://nova@db/nova",
            "jdbc:postgresql://db/nova?user=nova&password=s3cret&ssl=true|jdbc:postgresql://db/nova?user=nova&password=****&ssl=true",
            "jdbc:h2:file:/srv/db;USER=sa;PASSWORD=s3cret|jdbc:h2:file:/srv/db;USER=sa;PASSWORD=****"})
    void the_password_is_masked_wherever_the_url_carries_it(String url, String shown) {
        assertThat(DatabaseUrl.masked(url)).isEqualTo(shown);
        assertThat(new ValueType.DatabaseConnection().masked(url)).doesNotContain("s3cret");
        assertThat(DatabaseUrl.parse(url).toString()).doesNotContain("s3cret");
    }

    @Test
    void a_url_that_is_neither_sqlalchemy_nor_jdbc_is_refused_without_echoing_its_password() {
        assertThatThrownBy(() -> DatabaseUrl.parse("nova:s3cret@db")).hasMessageContaining("expected a SQLAlchemy URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql+pymysql://nova:s3cret@db/nova"))
                .hasMessageContaining("not mysql").satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
}
