package org.novalab.api.compute;

import org.novalab.compute.BackendKind;
import static org.novalab.api.http.JsonBody.allowOnly;
import static org.novalab.api.http.JsonBody.optionalArray;
import static org.novalab.api.http.JsonBody.optionalInt;
import static org.novalab.api.http.JsonBody.optionalObject;
import static org.novalab.api.http.JsonBody.optionalString;
import static org.novalab.api.http.JsonBody.requireObject;
import static org.novalab.api.http.JsonBody.requireString;
import static org.novalab.api.http.JsonBody.requireStringOrNumber;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.novalab.api.http.ApiException;

/** Reads a {@code POST /servers} body the way Nova's JSON schema does: strict, with messages naming the field. */
final class ServerRequestParser {
    private static final Set<String> TOP = Set.of("server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints");
    private static final Set<String> SERVER = Set.of("name", "imageRef", "flavorRef", "metadata", "networks",
            "block_device_mapping_v2", "min_count", "max_count", "description", "config_drive", "key_name",
            "availability_zone", "user_data", "security_groups", "adminPass", "accessIPv4", "accessIPv6",
            "OS-DCF:diskConfig", "return_reservation_id");
    private static final Set<String> BDM = Set.of("boot_index", "uuid", "source_type", "destination_type",
            "volume_size", "delete_on_termination", "device_name", "disk_bus", "device_type", "volume_type", "tag");

    private ServerRequestParser() {
    }

    static ServerRequest parse(JsonObject body) {
        allowOnly(body, TOP, "request body");
        JsonObject server = requireObject(body, "server");
        allowOnly(server, SERVER, "server");
        String name = requireString(server, "name").trim();
        if (name.isEmpty() || name.length() > 255) {
            throw ApiException.badRequest("Invalid input for field 'name': must be 1 to 255 characters");
        }
        String flavorRef = lastSegment(requireStringOrNumber(server, "flavorRef"));
        if (flavorRef.isEmpty()) {
            throw ApiException.badRequest("Invalid input for field 'flavorRef': must not be empty");
        }
        checkCount(server, "min_count");
        checkCount(server, "max_count");
        checkNetworks(server.getValue("networks"));
        optionalString(server, "description");
        Map<String, String> metadata = metadata(optionalObject(server, "metadata"));
        String imageRef = optionalString(server, "imageRef");
        JsonArray bdms = optionalArray(server, "block_device_mapping_v2");
        BackendKind backend = BackendKind.QCOW2;
        Integer volumeSize = null;
        if (bdms != null && !bdms.isEmpty()) {
            if (bdms.size() != 1 || !(bdms.getValue(0) instanceof JsonObject bdm)) {
                throw ApiException.badRequest("novalab supports exactly one block_device_mapping_v2 entry: "
                        + "boot from image onto a new volume");
            }
            allowOnly(bdm, BDM, "block_device_mapping_v2");
            if (!"image".equals(optionalString(bdm, "source_type"))
                    || !"volume".equals(optionalString(bdm, "destination_type"))) {
                throw ApiException.badRequest("novalab supports block_device_mapping_v2 only with source_type 'image' "
                        + "and destination_type 'volume' (boot from image, create new volume)");
            }
            Integer bootIndex = optionalInt(bdm, "boot_index");
            if (bootIndex != null && bootIndex != 0) {
                throw ApiException.badRequest("The block device mapping must be the boot device (boot_index 0)");
            }
            imageRef = requireString(bdm, "uuid");
            volumeSize = optionalInt(bdm, "volume_size");
            if (volumeSize == null || volumeSize < 1) {
                throw ApiException.badRequest("Invalid input for field 'volume_size': a size of at least 1 GB is required");
            }
            backend = BackendKind.RBD;
        }
        if (imageRef == null || imageRef.isBlank()) {
            throw ApiException.badRequest("'imageRef' is required (novalab boots from an image)");
        }
        return new ServerRequest(name, lastSegment(imageRef), flavorRef, metadata, backend, volumeSize,
                optionalString(server, "description"));
    }

    private static void checkCount(JsonObject server, String field) {
        Integer count = optionalInt(server, field);
        if (count != null && count != 1) {
            throw ApiException.badRequest("Invalid input for field '" + field + "': novalab creates one server per request");
        }
    }

    private static void checkNetworks(Object networks) {
        if (networks == null || "none".equals(networks) || "auto".equals(networks)) {
            return;
        }
        if (networks instanceof JsonArray list && list.isEmpty()) {
            return;
        }
        if (networks instanceof JsonArray) {
            throw ApiException.badRequest("novalab emulates no networking: use \"networks\": \"none\" or \"auto\"");
        }
        throw ApiException.badRequest("Invalid input for field 'networks': must be \"none\", \"auto\" or a list");
    }

    private static Map<String, String> metadata(JsonObject metadata) {
        Map<String, String> result = new LinkedHashMap<>();
        if (metadata == null) {
            return result;
        }
        for (String key : metadata.fieldNames()) {
            Object value = metadata.getValue(key);
            if (!(value instanceof String s)) {
                throw ApiException.badRequest("Invalid input for field 'metadata." + key + "': must be a string");
            }
            if (key.isEmpty() || key.length() > 255 || s.length() > 255) {
                throw ApiException.badRequest("Invalid input for field 'metadata': keys and values are 1 to 255 characters");
            }
            result.put(key, s);
        }
        return result;
    }

    /** imageRef and flavorRef may be URLs; Nova takes the last path segment. */
    private static String lastSegment(String ref) {
        String trimmed = ref.trim();
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }
}
