package org.novalab.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.novalab.api.testing.OpenApiSchemas;

/** openapi.json's volume create schema lists exactly the fields VolumeRequests admits. */
class DocumentedVolumeFieldsTest {
    @Test
    void the_volume_create_schema_has_the_validator_s_fields() {
        assertThat(OpenApiSchemas.properties("VolumeCreateRequest", "volume"))
                .isEqualTo(new TreeSet<>(VolumeRequests.CREATE_FIELDS));
        assertThat(OpenApiSchemas.closed("VolumeCreateRequest", "volume")).isTrue();
    }
}
