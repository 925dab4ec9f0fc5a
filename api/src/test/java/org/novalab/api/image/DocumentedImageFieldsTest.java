package org.novalab.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.novalab.api.testing.OpenApiSchemas;

/** openapi.json's image create schema names Glance's core attributes, the ones ImageRoutes reads as such. */
class DocumentedImageFieldsTest {
    @Test
    void the_image_create_schema_has_the_core_attributes() {
        assertThat(OpenApiSchemas.properties("ImageCreateRequest", null)).isEqualTo(new TreeSet<>(ImageRoutes.CORE));
    }
}
