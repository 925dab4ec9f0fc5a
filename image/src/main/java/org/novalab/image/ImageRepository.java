package org.novalab.image;

import java.util.List;
import java.util.Optional;

/** Where image records live: in memory for tests and the embedded lab, a database in the server. */
public interface ImageRepository {
    ImageRecord save(ImageRecord record);

    Optional<ImageRecord> find(String id);

    List<ImageRecord> all();

    void delete(String id);
}
