package org.novalab.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where image records and their members live: in memory for tests and the embedded lab, a database in the server.
 * Deleting an image deletes its members.
 */
public interface ImageRepository {
    ImageRecord save(ImageRecord record);

    Optional<ImageRecord> find(String id);

    List<ImageRecord> all();

    void delete(String id);

    /** Adds or updates a member. */
    ImageMember saveMember(ImageMember member);

    Optional<ImageMember> findMember(String imageId, String memberId);

    /** An image's members, oldest first. */
    List<ImageMember> members(String imageId);

    void deleteMember(String imageId, String memberId);

    /** The images shared with a project: image id to that project's member status. */
    Map<String, MemberStatus> membershipsOf(String memberId);
}
