package org.novalab.compute.rpc.remote;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.novalab.compute.domain.DiskSource;

/**
 * The compute RPC's messages in JSON, a versioned envelope like oslo.messaging's: {@code {"version": "1.0",
 * "method": "build_and_run_instance", "request_id": "req-…", "context": {…}, "args": {…}}}; the answer of a call is
 * {@code {"result": …}} or {@code {"error": {"type", "message", "fields"}}}. Arguments are the door's plain values
 * (records) as Jackson writes them; passphrases only sealed ({@link PassphraseSeal}).
 */
final class ComputeWire {
    /** The envelope's version: a host refuses a major version it does not speak. */
    static final String VERSION = "1.0";
    /** The compute topic of one host, as Nova names it. */
    static String topic(String host) {
        return "compute." + host;
    }

    /** Which kind of disk source a message holds: the domain's sealed type stays free of Jackson. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = DiskSource.File.class, name = "file"),
            @JsonSubTypes.Type(value = DiskSource.Rbd.class, name = "rbd")})
    private interface DiskSourceKinds {
    }

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module())
            .addMixIn(DiskSource.class, DiskSourceKinds.class)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

    record Envelope(String version, String method, Optional<String> requestId, Map<String, String> context,
                    ObjectNode args) {
    }

    static byte[] request(String method, Map<String, String> context, Map<String, ?> args) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION).put("method", method);
        String requestId = context.get("request_id");
        if (requestId != null) {
            root.put("request_id", requestId);
        }
        root.set("context", JSON.valueToTree(context));
        root.set("args", JSON.valueToTree(args));
        return bytes(root);
    }

    static Envelope envelope(byte[] body) {
        JsonNode root = tree(body);
        String version = root.path("version").asText("");
        if (!version.startsWith("1.")) {
            throw new IllegalArgumentException("compute RPC envelope version '" + version + "' is not 1.x");
        }
        String method = root.path("method").asText("");
        if (method.isEmpty() || !root.path("args").isObject()) {
            throw new IllegalArgumentException("a compute RPC message needs a method and its args");
        }
        Map<String, String> context = root.path("context").isObject()
                ? JSON.convertValue(root.get("context"), JSON.getTypeFactory().constructMapType(Map.class,
                String.class, String.class)) : Map.of();
        return new Envelope(version, method, Optional.ofNullable(root.path("request_id").textValue()), context,
                (ObjectNode) root.get("args"));
    }

    static <T> T arg(Envelope e, String name, Class<T> type) {
        return arg(e, name, JSON.constructType(type));
    }

    static <T> T arg(Envelope e, String name, JavaType type) {
        JsonNode n = e.args().get(name);
        if (n == null) {
            throw new IllegalArgumentException(e.method() + " needs the argument " + name);
        }
        try {
            return JSON.treeToValue(n, type);
        } catch (IOException | IllegalArgumentException ex) {
            throw new IllegalArgumentException(e.method() + ": argument " + name + " is not a " + type.getRawClass()
                    .getSimpleName() + " (" + rootMessage(ex) + ")");
        }
    }

    static byte[] result(Object value) {
        ObjectNode root = JSON.createObjectNode();
        root.set("result", JSON.valueToTree(value));
        return bytes(root);
    }

    static byte[] error(RuntimeException e) {
        ObjectNode root = JSON.createObjectNode();
        root.set("error", JSON.valueToTree(RemoteErrors.encode(e)));
        return bytes(root);
    }

    /** The result of an answer, or the host's error thrown as its own type. */
    static <T> T answer(byte[] body, JavaType type, String host) {
        JsonNode root = tree(body);
        if (root.hasNonNull("error")) {
            RemoteErrors.Encoded err;
            try {
                err = JSON.treeToValue(root.get("error"), RemoteErrors.Encoded.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("compute host " + host + " answered an unreadable error");
            }
            throw RemoteErrors.decode(err, host);
        }
        try {
            return JSON.treeToValue(root.get("result"), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("compute host " + host + " answered an unreadable "
                    + type.getRawClass().getSimpleName() + " (" + rootMessage(e) + ")");
        }
    }

    private static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("a compute RPC message is not JSON");
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a compute RPC message", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = String.valueOf(r.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
