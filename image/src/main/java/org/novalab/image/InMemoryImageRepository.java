package org.novalab.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Image records and members in maps; lost at exit. */
public final class InMemoryImageRepository implements ImageRepository {
    private final ConcurrentHashMap<String, ImageRecord> records = new ConcurrentHashMap<>();
    /** image id to member id to member */
    private final ConcurrentHashMap<String, Map<String, ImageMember>> members = new ConcurrentHashMap<>();

    @Override
    public ImageRecord save(ImageRecord record) {
        records.put(record.id(), record);
        return record;
    }

    @Override
    public Optional<ImageRecord> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<ImageRecord> all() {
        List<ImageRecord> list = new ArrayList<>(records.values());
        list.sort(Comparator.comparing(ImageRecord::createdAt).thenComparing(ImageRecord::id));
        return list;
    }

    @Override
    public void delete(String id) {
        records.remove(id);
        members.remove(id);
    }

    @Override
    public synchronized ImageMember saveMember(ImageMember member) {
        members.computeIfAbsent(member.imageId(), k -> new ConcurrentHashMap<>()).put(member.memberId(), member);
        return member;
    }

    @Override
    public Optional<ImageMember> findMember(String imageId, String memberId) {
        return Optional.ofNullable(members.getOrDefault(imageId, Map.of()).get(memberId));
    }

    @Override
    public List<ImageMember> members(String imageId) {
        List<ImageMember> list = new ArrayList<>(members.getOrDefault(imageId, Map.of()).values());
        list.sort(Comparator.comparing(ImageMember::createdAt).thenComparing(ImageMember::memberId));
        return list;
    }

    @Override
    public synchronized void deleteMember(String imageId, String memberId) {
        Map<String, ImageMember> of = members.get(imageId);
        if (of != null) {
            of.remove(memberId);
        }
    }

    @Override
    public Map<String, MemberStatus> membershipsOf(String memberId) {
        Map<String, MemberStatus> shared = new HashMap<>();
        members.forEach((imageId, of) -> {
            ImageMember m = of.get(memberId);
            if (m != null) {
                shared.put(imageId, m.status());
            }
        });
        return shared;
    }
}
