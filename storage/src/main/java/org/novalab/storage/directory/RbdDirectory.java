package org.novalab.storage.directory;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.novalab.storage.StorageException;

/** {@code rbd_directory}: image name to id and back (Ceph keeps both directions in the object's omap). */
final class RbdDirectory {
    static final String OBJECT = "rbd_directory";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectFiles files;
    private final String pool;

    RbdDirectory(ObjectFiles files, String pool) {
        this.files = files;
        this.pool = pool;
    }

    /** Name to id, sorted by name. */
    TreeMap<String, String> read() {
        if (!files.exists(OBJECT)) {
            return new TreeMap<>();
        }
        try {
            Content content = JSON.readValue(files.read(OBJECT), Content.class);
            return new TreeMap<>(content.nameToId() == null ? Map.of() : content.nameToId());
        } catch (IOException e) {
            throw new StorageException("corrupt rbd_directory in pool " + pool + ": " + e.getMessage(), e);
        }
    }

    void write(Map<String, String> nameToId) {
        Map<String, String> idToName = new TreeMap<>();
        nameToId.forEach((name, id) -> idToName.put(id, name));
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(new Content(new TreeMap<>(nameToId), idToName));
            files.put(OBJECT, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new StorageException("cannot write rbd_directory in pool " + pool + ": " + e.getMessage(), e);
        }
    }

    record Content(@JsonProperty("name_to_id") Map<String, String> nameToId,
                   @JsonProperty("id_to_name") Map<String, String> idToName) {
    }
}
