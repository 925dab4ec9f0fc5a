package org.novalab.api.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.novalab.api.testing.OpenApiSchemas;

/** openapi.json's server and flavor request schemas list exactly the fields the validators admit. */
class DocumentedRequestFieldsTest {
    @Test
    void the_server_create_schema_has_the_parser_s_fields_of_every_microversion() {
        Set<String> admitted = new TreeSet<>(ServerRequestParser.SERVER);
        admitted.addAll(Set.of("description", "tags", "hostname"));
        assertThat(OpenApiSchemas.properties("ServerCreateRequest", "server")).isEqualTo(admitted);
        assertThat(OpenApiSchemas.closed("ServerCreateRequest", "server")).isTrue();
    }

    @Test
    void the_flavor_create_schema_has_the_parser_s_fields() {
        Set<String> admitted = new TreeSet<>(FlavorRequest.FIELDS);
        admitted.add("description");
        assertThat(OpenApiSchemas.properties("FlavorCreateRequest", "flavor")).isEqualTo(admitted);
        assertThat(OpenApiSchemas.closed("FlavorCreateRequest", "flavor")).isTrue();
    }
}
