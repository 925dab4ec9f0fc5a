package org.novalab.api.volume;

import java.time.Instant;

/**
 * What Nova and Cinder both say of an attachment: its id, the volume, the server, Nova's mapping uuid, the host,
 * the device ({@code /dev/vdb}), Cinder's {@code attach_status}, Nova's tag and {@code delete_on_termination}.
 */
public record VolumeAttachment(String id, String volumeId, String instanceUuid, String bdmUuid, String host,
                               String device, String status, String tag, boolean deleteOnTermination,
                               Instant createdAt, Instant attachedAt) {
    public static final String ATTACHING = "attaching";
    public static final String ATTACHED = "attached";
    public static final String DETACHING = "detaching";
}
