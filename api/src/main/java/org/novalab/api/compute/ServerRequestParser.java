package org.novalab.api.compute;

import static org.novalab.api.compute.NovaSchema.allowOnly;
import static org.novalab.api.compute.NovaSchema.array;
import static org.novalab.api.compute.NovaSchema.invalid;
import static org.novalab.api.compute.NovaSchema.object;
import static org.novalab.api.compute.NovaSchema.repr;
import static org.novalab.api.compute.NovaSchema.require;
import static org.novalab.api.compute.NovaSchema.string;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.novalab.api.http.ApiException;
import org.novalab.api.identity.AuthContext;
import org.novalab.compute.BackendKind;

/**
 * Reads a {@code POST /servers} body the way Nova does: first its JSON schema for the request's microversion
 * (every field's type, length, characters and format, unknown fields refused), then the checks of its compute API
 * that need no database (the minimum and maximum count, the availability zone, the security groups). The flavor, the
 * image, the key pair and the quotas are looked up by {@link ServerService}.
 */
final class ServerRequestParser {
    private static final Set<String> TOP = Set.of("server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints");
    /** The server fields of every microversion (2.19, 2.52 and 2.90 add one each); openapi.json lists the same. */
    static final Set<String> SERVER = Set.of("name", "imageRef", "flavorRef", "metadata", "networks",
            "block_device_mapping_v2", "min_count", "max_count", "config_drive", "key_name", "availability_zone",
            "user_data", "security_groups", "adminPass", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig",
            "return_reservation_id");
    /** Metadata keys Nova's schema admits (its patternProperties); any other key is an additional property. */
    static final Pattern METADATA_KEY = MetadataItems.KEY;

    private ServerRequestParser() {
    }

    static ServerRequest parse(JsonObject body, Microversion version, AuthContext caller) {
        allowOnly(body, TOP, null);
        require(body, "server", null);
        JsonObject server = object(body.getValue("server"), "server");
        String group = null;
        for (String hints : List.of("os:scheduler_hints", "OS-SCH-HNT:scheduler_hints")) {
            if (body.containsKey(hints)) {
                SchedulerHints.check(body.getValue(hints), hints);
                group = group != null ? group : SchedulerHints.group(body.getValue(hints));
            }
        }
        Set<String> fields = version.atLeast(19) ? plus(SERVER, "description") : SERVER;
        fields = version.atLeast(52) ? plus(fields, "tags") : fields;
        allowOnly(server, version.atLeast(90) ? plus(fields, "hostname") : fields, "server");
        require(server, "name", "server");
        require(server, "flavorRef", "server");
        if (version.atLeast(37)) {
            require(server, "networks", "server");
        }
        String name = NovaSchema.name(server.getValue("name"), "name");
        String flavorRef = flavorRef(server.getValue("flavorRef"));
        String imageRef = server.containsKey("imageRef") ? imageRef(server.getValue("imageRef")) : null;
        String description = NovaSchema.description(server.getValue("description"), "description", 255);
        Map<String, String> metadata = server.containsKey("metadata")
                ? MetadataItems.parse(server.getValue("metadata"), "metadata") : Map.of();
        if (server.containsKey("networks")) {
            networks(server.getValue("networks"), version);
        }
        String keyName = optional(server, "key_name", v -> NovaSchema.name(v, "key_name"));
        String zone = optional(server, "availability_zone", v -> NovaSchema.name(v, "availability_zone"));
        String hostname = optional(server, "hostname", v -> NovaSchema.hostname(v, "hostname"));
        String userData = optional(server, "user_data", UserData::check);
        optional(server, "adminPass", v -> string(v, "adminPass", 0, Integer.MAX_VALUE));
        optional(server, "config_drive", v -> NovaSchema.bool(v, "config_drive"));
        Boolean returnReservationId = optional(server, "return_reservation_id",
                v -> NovaSchema.bool(v, "return_reservation_id"));
        String diskConfig = optional(server, "OS-DCF:diskConfig",
                v -> NovaSchema.oneOf(v, "OS-DCF:diskConfig", List.of("AUTO", "MANUAL")));
        String accessIpV4 = optional(server, "accessIPv4", v -> IpAddressText.accessIp(v, "accessIPv4", true));
        String accessIpV6 = optional(server, "accessIPv6", v -> IpAddressText.accessIp(v, "accessIPv6", false));
        Set<String> tags = server.containsKey("tags") ? ServerTags.parseList(server.getValue("tags")) : Set.of();
        List<String> securityGroups = server.containsKey("security_groups")
                ? securityGroups(server.getValue("security_groups")) : List.of();
        Long minCount = optional(server, "min_count", v -> NovaSchema.positiveInteger(v, "min_count"));
        Long maxCount = optional(server, "max_count", v -> NovaSchema.positiveInteger(v, "max_count"));
        BlockDeviceMapping volume = server.containsKey("block_device_mapping_v2")
                ? BlockDeviceMapping.parse(server.getValue("block_device_mapping_v2"), version) : null;

        // the compute API's checks, in Nova's order
        long min = minCount == null ? 1 : minCount;
        long max = maxCount == null ? min : maxCount;
        if (min > max) {
            throw ApiException.badRequest("min_count must be <= max_count");
        }
        if (hostname != null && max > 1) {
            throw ApiException.badRequest("Unable to allocate a single hostname to multiple instances");
        }
        if (zone != null) {
            zone = AvailabilityZone.check(zone, caller);
        }
        if (volume != null) {
            imageRef = volume.imageRef();
        }
        if (imageRef == null || imageRef.isEmpty()) {
            throw ApiException.badRequest("Missing imageRef attribute");
        }
        checkNoNetworking(server.getValue("networks"));
        securityGroups.stream().filter(g -> !g.equals("default")).findFirst().ifPresent(g -> {
            throw ApiException.badRequest("Security group " + g + " not found.");
        });
        return new ServerRequest(name, imageRef, flavorRef, metadata,
                volume == null ? BackendKind.QCOW2 : BackendKind.RBD, volume == null ? null : volume.sizeGb(),
                description, keyName, min, max, Boolean.TRUE.equals(returnReservationId), hostname, accessIpV4,
                accessIpV6, "AUTO".equals(diskConfig), tags, group, zone, userData);
    }

    private static <T> T optional(JsonObject server, String field, Function<Object, T> check) {
        return server.containsKey(field) ? check.apply(server.getValue(field)) : null;
    }

    private static Set<String> plus(Set<String> fields, String more) {
        return Stream.concat(fields.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    /** Nova's {@code flavor_ref}: a string of at least one character or an integer, read as an href's last segment. */
    private static String flavorRef(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (!(value instanceof String)) {
            throw invalid("flavorRef", value, NovaSchema.notOfType(value, "string", "integer"));
        }
        String id = HrefId.of(string(value, "flavorRef", 1, Integer.MAX_VALUE));
        if (id.indexOf('\0') >= 0) {
            // no flavor id holds one (FlavorRequest), and PostgreSQL refuses to look one up
            throw ApiException.badRequest("Flavor " + id.replace("\0", "\\x00") + " could not be found.");
        }
        return id;
    }

    /** A uuid, or the empty string (allowed for boot from volume, where the mapping names the image). */
    private static String imageRef(Object value) {
        if (value instanceof String text && (text.isEmpty() || NovaSchema.isUuidLike(text))) {
            return text;
        }
        throw invalid("imageRef", value, repr(value) + " is not valid under any of the given schemas");
    }

    private static List<String> securityGroups(Object value) {
        JsonArray groups = array(value, "security_groups");
        List<String> names = new java.util.ArrayList<>();
        for (Object item : groups) {
            JsonObject group = object(item, "security_groups");
            allowOnly(group, Set.of("name"), "security_groups");
            if (group.containsKey("name")) {
                names.add(NovaSchema.name(group.getValue("name"), "name"));
            }
        }
        return names;
    }

    /**
     * From 2.37 a list or "none"/"auto"; before, a list. novalab takes "none" and "auto" at every version, and
     * refuses any network a list names (it emulates none) after the schema's checks.
     */
    private static void networks(Object value, Microversion version) {
        if ("none".equals(value) || "auto".equals(value) || value instanceof JsonArray) {
            return;
        }
        throw invalid("networks", value, version.atLeast(37)
                ? repr(value) + " is not valid under any of the given schemas" : NovaSchema.notOfType(value, "array"));
    }

    private static void checkNoNetworking(Object networks) {
        if (networks instanceof JsonArray list && !list.isEmpty()) {
            throw ApiException.badRequest("novalab emulates no networking: use \"networks\": \"none\" or \"auto\"");
        }
    }
}
