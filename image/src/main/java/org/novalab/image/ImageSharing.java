package org.novalab.image;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Glance's image members: the projects a {@code shared} image is offered to, each {@code pending} until it accepts
 * or rejects. Who may do what (the owner adds and removes, the member answers) is the API's policy; this class
 * keeps the rules of the data: only shared images have members, a project is a member once, an image has at most
 * {@value #MAX_MEMBERS} (Glance's image_member_quota).
 */
public final class ImageSharing {
    public static final int MAX_MEMBERS = 128;
    private final ImageRepository repository;
    private final Clock clock;

    ImageSharing(ImageRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Offers the image to project {@code memberId}: a pending member. */
    public synchronized ImageMember add(ImageRecord image, String memberId) {
        requireShared(image);
        if (memberId == null || memberId.isBlank()) {
            throw new InvalidImageChange("Member can't be empty");
        }
        ImageFields.checkText("member", memberId, 255);
        if (repository.findMember(image.id(), memberId).isPresent()) {
            throw new InvalidImageState("Member " + memberId + " is duplicated for image " + image.id());
        }
        if (repository.members(image.id()).size() >= MAX_MEMBERS) {
            throw new ImageLimitExceeded("Image member limit exceeded for image " + image.id() + ": attempted: 1, "
                    + "maximum: " + MAX_MEMBERS);
        }
        var now = clock.instant();
        return repository.saveMember(new ImageMember(image.id(), memberId, MemberStatus.PENDING, now, now));
    }

    public Optional<ImageMember> find(String imageId, String memberId) {
        return repository.findMember(imageId, memberId);
    }

    public List<ImageMember> members(String imageId) {
        return repository.members(imageId);
    }

    /** The member's answer; {@code status} must be pending, accepted or rejected. */
    public synchronized ImageMember answer(ImageRecord image, String memberId, String status) {
        requireShared(image);
        ImageMember member = repository.findMember(image.id(), memberId)
                .orElseThrow(() -> new MemberNotFound(image.id(), memberId));
        MemberStatus to = MemberStatus.fromGlanceName(status).orElseThrow(() -> new InvalidImageChange(
                "Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\"."));
        return repository.saveMember(member.withStatus(to, clock.instant()));
    }

    public synchronized void remove(ImageRecord image, String memberId) {
        requireShared(image);
        repository.findMember(image.id(), memberId).orElseThrow(() -> new MemberNotFound(image.id(), memberId));
        repository.deleteMember(image.id(), memberId);
    }

    /** The images shared with a project, and its answer to each. */
    public Map<String, MemberStatus> sharedWith(String projectId) {
        return projectId == null ? Map.of() : repository.membershipsOf(projectId);
    }

    private static void requireShared(ImageRecord image) {
        if (!"shared".equals(image.visibility())) {
            throw new NotShared(image.id());
        }
    }

    /** The image is not of visibility shared, so it has no members (Glance: 403). */
    public static final class NotShared extends ImageException {
        NotShared(String imageId) {
            super("Only shared images have members.");
        }
    }

    /** No such member of the image (Glance: 404). */
    public static final class MemberNotFound extends ImageNotFound {
        private final String message;

        MemberNotFound(String imageId, String memberId) {
            super(imageId);
            this.message = memberId + " not found in the member list of the image " + imageId + ".";
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
