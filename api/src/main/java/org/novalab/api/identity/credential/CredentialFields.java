package org.novalab.api.identity.credential;

import io.vertx.core.json.JsonObject;

/** What a create or an update of a credential says; null fields were not given. */
record CredentialFields(String userId, String projectId, boolean projectGiven, String type, String blob,
        JsonObject extra) {
}
