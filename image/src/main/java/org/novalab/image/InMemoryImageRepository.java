package org.novalab.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Image records in a map; lost at exit. */
public final class InMemoryImageRepository implements ImageRepository {
    private final ConcurrentHashMap<String, ImageRecord> records = new ConcurrentHashMap<>();

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
    }
}
