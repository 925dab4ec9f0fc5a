package org.novalab.api.volume;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/** Cinder's v3 views of volumes, types and encryption specs, with the fields of the microversion asked for. */
final class VolumeJson {
    /** Cinder's timestamps: ISO 8601 with microseconds, no zone. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private VolumeJson() {
    }

    static String time(Instant t) {
        return t == null ? null : TIME.format(t);
    }

    static JsonArray links(String base, String project, String collection, String id) {
        return new JsonArray()
                .add(new JsonObject().put("href", base + "/volume/v3/" + project + "/" + collection + "/" + id)
                        .put("rel", "self"))
                .add(new JsonObject().put("href", base + "/volume/" + project + "/" + collection + "/" + id)
                        .put("rel", "bookmark"));
    }

    static JsonObject summary(String base, Volumes.Shown shown) {
        VolumeEntity v = shown.volume();
        return new JsonObject().put("id", v.id).put("name", v.name).put("links", links(base, v.projectId, "volumes",
                v.id));
    }

    static JsonObject detail(String base, Volumes.Shown shown, VolumeMicroversion mv, boolean admin, String host) {
        VolumeEntity v = shown.volume();
        JsonObject j = new JsonObject()
                .put("id", v.id)
                .put("status", v.status)
                .put("size", v.sizeGb)
                .put("availability_zone", "nova")
                .put("created_at", time(v.createdAt))
                .put("updated_at", time(v.updatedAt))
                .put("name", v.name)
                .put("description", v.description)
                .put("volume_type", shown.type() == null ? null : shown.type().name)
                .put("snapshot_id", v.snapshotId)
                .put("source_volid", v.sourceVolid)
                .put("metadata", new JsonObject(new java.util.LinkedHashMap<String, Object>(v.metadata())))
                .put("links", links(base, v.projectId, "volumes", v.id))
                .put("user_id", v.userId)
                .put("bootable", Boolean.toString(v.bootable))
                .put("encrypted", v.encryptionKeyId != null)
                .put("replication_status", null)
                .put("consistencygroup_id", null)
                .put("multiattach", false)
                .put("attachments", attachments(shown))
                .put("os-vol-tenant-attr:tenant_id", v.projectId);
        if (admin) {
            j.put("os-vol-host-attr:host", host + "@" + v.backend + "#" + v.backend)
                    .put("os-vol-mig-status-attr:migstat", null)
                    .put("os-vol-mig-status-attr:name_id", null)
                    .put("migration_status", null);
        }
        if (v.imageId != null) {
            j.put("volume_image_metadata", new JsonObject().put("image_id", v.imageId));
        }
        if (mv.atLeast(13)) {
            j.put("group_id", null);
        }
        if (mv.atLeast(21) && admin) {
            j.put("provider_id", null);
        }
        if (mv.atLeast(48)) {
            j.put("shared_targets", false).put("service_uuid", null);
        }
        if (mv.atLeast(61) && admin) {
            j.put("cluster_name", null);
        }
        if (mv.atLeast(63)) {
            j.put("volume_type_id", v.volumeTypeId);
        }
        if (mv.atLeast(65)) {
            j.put("consumes_quota", true);
        }
        if (v.errorReason != null) {
            // novalab's own field: why a volume is in error (Cinder keeps this in its user messages)
            j.put("novalab:error_reason", v.errorReason);
        }
        return j;
    }

    /** Cinder's attachments of a volume in its view: those attached (or being detached), with the server's device. */
    static JsonArray attachments(Volumes.Shown shown) {
        JsonArray list = new JsonArray();
        for (VolumeAttachment a : shown.attachments()) {
            if (a.status().equals(VolumeAttachment.ATTACHING)) {
                continue;
            }
            list.add(new JsonObject().put("id", a.volumeId()).put("attachment_id", a.id())
                    .put("volume_id", a.volumeId()).put("server_id", a.instanceUuid()).put("host_name", null)
                    .put("device", a.device()).put("attached_at", time(a.attachedAt())));
        }
        return list;
    }

    static JsonObject type(VolumeTypeEntity t, boolean admin) {
        JsonObject j = new JsonObject().put("id", t.id).put("name", t.name).put("is_public", t.isPublic)
                .put("description", t.description).put("os-volume-type-access:is_public", t.isPublic);
        JsonObject specs = new JsonObject();
        t.specs().forEach((k, val) -> {
            // as Cinder's policy, users see only the specs meant for them; the backend is the operator's
            if (admin || !k.equals(VolumeTypes.BACKEND_SPEC)) {
                specs.put(k, val);
            }
        });
        j.put("extra_specs", specs);
        if (admin) {
            j.put("qos_specs_id", t.qosSpecsId);
        }
        return j;
    }

    static JsonObject encryption(Optional<VolumeEncryptionEntity> found) {
        if (found.isEmpty()) {
            return new JsonObject();
        }
        VolumeEncryptionEntity e = found.get();
        return new JsonObject().put("volume_type_id", e.volumeTypeId).put("encryption_id", e.encryptionId)
                .put("provider", e.provider).put("cipher", e.cipher).put("key_size", e.keySize)
                .put("control_location", e.controlLocation).put("created_at", time(e.createdAt))
                .put("updated_at", time(e.updatedAt)).put("deleted", false).put("deleted_at", null);
    }

    static JsonObject versionV3(String base) {
        return new JsonObject().put("id", "v3.0").put("status", "CURRENT")
                .put("version", VolumeMicroversion.MAX.toString()).put("min_version", VolumeMicroversion.MIN.toString())
                .put("updated", "2023-08-31T00:00:00Z")
                .put("links", new JsonArray()
                        .add(new JsonObject().put("rel", "describedby").put("type", "text/html")
                                .put("href", "https://docs.openstack.org/"))
                        .add(new JsonObject().put("rel", "self").put("href", base + "/volume/v3/")))
                .put("media-types", new JsonArray().add(new JsonObject().put("base", "application/json")
                        .put("type", "application/vnd.openstack.volume+json;version=3")));
    }
}
