package org.novalab.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.novalab.api.testing.OpenApiSchemas;

/** openapi.json's project, user and group schemas list exactly the fields KeystoneRequests admits. */
class DocumentedIdentityFieldsTest {
    @Test
    void project_user_and_group_schemas_have_the_validator_s_fields() {
        assertThat(OpenApiSchemas.properties("ProjectRequest", "project"))
                .isEqualTo(new TreeSet<>(KeystoneRequests.PROJECT_FIELDS));
        assertThat(OpenApiSchemas.properties("UserRequest", "user")).isEqualTo(new TreeSet<>(KeystoneRequests.USER_FIELDS));
        assertThat(OpenApiSchemas.properties("GroupRequest", "group"))
                .isEqualTo(new TreeSet<>(KeystoneRequests.GROUP_FIELDS));
        assertThat(OpenApiSchemas.closed("UserRequest", "user")).isTrue();
    }
}
