package org.novalab.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.novalab.fixture.FixtureGuest;
import org.novalab.image.digest.DigestingCopy;
import org.novalab.image.digest.ImageDigests;
import org.novalab.image.inspect.FormatInspector;
import org.novalab.image.inspect.ImageBytes;
import org.novalab.image.inspect.Inspection;
import org.novalab.storage.pool.Pool;
import org.novalab.storage.pool.RbdImage;
import org.novalab.storage.pool.RbdImageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance v2's image logic over a {@link Pool}: records in an {@link ImageRepository}, data in an RBD image named
 * after the image id (as Glance's rbd store names them). The HTTP routes live in module {@code api}.
 *
 * <p>Uploads stream into the pool object by object with md5 and sha512 computed on the fly; an upload that
 * fails half-way leaves no object behind and the image {@code queued} (the client's stream broke: it may retry)
 * or {@code killed} (the store failed).
 */
public final class ImageService {
    public static final String FIXTURE_NAME = FixtureGuest.IMAGE_NAME;
    /** The seed's Glance id of cirros-x86_64, reused so the lab reads like the write-up. */
    public static final String FIXTURE_ID = FixtureGuest.IMAGE_ID;
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);

    private final ImageRepository repository;
    private final Pool pool;
    private final Clock clock;

    public ImageService(ImageRepository repository, Pool pool, Clock clock) {
        this.repository = repository;
        this.pool = pool;
        this.clock = clock;
    }

    public ImageService(ImageRepository repository, Pool pool) {
        this(repository, pool, Clock.systemUTC());
    }

    public Pool pool() {
        return pool;
    }

    /** {@code POST /v2/images}: a queued image without data. */
    public ImageRecord create(NewImage request) {
        String id = request.id() == null ? UUID.randomUUID().toString() : request.id();
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidImageChange("id '" + id + "' is not a valid UUID");
        }
        if (request.name() != null && request.name().length() > 255) {
            throw new InvalidImageChange("name is longer than 255 characters");
        }
        ImageFields.checkOneOf("disk_format", request.diskFormat(), ImageFields.DISK_FORMATS);
        ImageFields.checkOneOf("container_format", request.containerFormat(), ImageFields.CONTAINER_FORMATS);
        String visibility = request.visibility() == null ? "shared" : request.visibility();
        ImageFields.checkOneOf("visibility", visibility, ImageFields.VISIBILITIES);
        Map<String, String> properties = request.properties() == null ? Map.of() : request.properties();
        for (String key : properties.keySet()) {
            if (ImageFields.READ_ONLY.contains(key)) {
                throw new InvalidImageChange("attribute '" + key + "' is read-only");
            }
        }
        Instant now = clock.instant();
        int minDisk = ImageFields.nonNegative("min_disk", request.minDisk());
        int minRam = ImageFields.nonNegative("min_ram", request.minRam());
        ImageRecord record = new ImageRecord(id, request.name(), ImageStatus.QUEUED, request.diskFormat(),
                request.containerFormat(), null, null, null, null, null, minDisk, minRam, visibility,
                Boolean.TRUE.equals(request.isProtected()), request.owner(), now, now, properties);
        synchronized (this) {
            if (repository.find(id).isPresent()) {
                throw new InvalidImageState("image id " + id + " already exists");
            }
            return repository.save(record);
        }
    }

    public Optional<ImageRecord> find(String id) {
        return repository.find(id);
    }

    public ImageRecord get(String id) {
        return repository.find(id).orElseThrow(() -> new ImageNotFound(id));
    }

    public List<ImageRecord> list() {
        return repository.all();
    }

    /**
     * {@code PUT /v2/images/{id}/file}: streams {@code data} into the pool, never holding more than one object in
     * memory. The image must be queued with disk and container formats set.
     */
    public ImageRecord upload(String id, InputStream data) {
        ImageRecord saving = startSaving(id);
        TrackedInput client = new TrackedInput(data);
        RbdImage image = null;
        RbdImageWriter writer = null;
        try {
            pool.findImage(id).ifPresent(stale -> pool.removeImage(stale.name()));
            image = pool.createImage(id, 0);
            writer = image.openWriter();
            ImageDigests digests = DigestingCopy.copy(client, writer);
            writer.close();
            image = image.refresh();
            Long virtualSize = virtualSizeOf(image);
            ImageRecord active = saving.withData(digests.size(), virtualSize, digests.md5(), digests.hashAlgo(),
                    digests.hashValue(), clock.instant());
            repository.save(active);
            LOG.info("image {} active: {} bytes, md5 {}", id, digests.size(), digests.md5());
            return active;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.abort();
            }
            if (image != null) {
                removeQuietly(image);
            }
            ImageStatus after = client.failed ? ImageStatus.QUEUED : ImageStatus.KILLED;
            repository.save(saving.withoutData(after, clock.instant()));
            LOG.warn("upload of image {} failed, image {}: {}", id, after.glanceName(), e.toString());
            throw new ImageUploadFailed("upload of image " + id + " failed (image is now " + after.glanceName()
                    + "): " + e.getMessage(), e);
        }
    }

    private synchronized ImageRecord startSaving(String id) {
        ImageRecord record = get(id);
        if (record.status() != ImageStatus.QUEUED) {
            throw new InvalidImageState("image " + id + " is " + record.status().glanceName()
                    + "; data can only be uploaded to a queued image");
        }
        if (record.diskFormat() == null || record.containerFormat() == null) {
            throw new InvalidImageChange("disk_format and container_format must be set before uploading data");
        }
        return repository.save(record.withStatus(ImageStatus.SAVING, clock.instant()));
    }

    /** {@code GET /v2/images/{id}/file}: the stored bytes, streamed from the pool. */
    public InputStream download(String id) {
        ImageRecord record = get(id);
        if (record.status() != ImageStatus.ACTIVE) {
            throw new InvalidImageState("image " + id + " is " + record.status().glanceName() + " and has no data");
        }
        return pool.findImage(id)
                .orElseThrow(() -> new InvalidImageState("image " + id + " is active but its data is missing"))
                .openStream();
    }

    /** {@code DELETE /v2/images/{id}}: removes data and record, unless protected. */
    public void delete(String id) {
        ImageRecord record = get(id);
        if (record.isProtected()) {
            throw new ImageProtected(id);
        }
        pool.findImage(id).ifPresent(image -> pool.removeImage(image.name()));
        repository.delete(id);
    }

    /** {@code PATCH /v2/images/{id}}: core attributes and custom properties, applied all or nothing. */
    public synchronized ImageRecord update(String id, List<ImagePatch> changes) {
        return repository.save(ImagePatcher.apply(get(id), changes, clock.instant()));
    }

    /**
     * On first start (no image at all): stores the fixture guest as public raw image {@value #FIXTURE_NAME}, so a
     * newcomer can boot at once. Returns the image created, or empty when the repository already held images.
     */
    public Optional<ImageRecord> bootstrapFixture() {
        if (!repository.all().isEmpty()) {
            return Optional.empty();
        }
        ImageRecord created = create(new NewImage(FIXTURE_ID, FIXTURE_NAME, "raw", "bare", 0, 0, "public", false,
                null, Map.of()));
        Path tmp = null;
        try {
            tmp = Files.createTempFile(pool.dir(), ".fixture-", ".raw");
            FixtureGuest.write(tmp);
            try (InputStream in = Files.newInputStream(tmp)) {
                return Optional.of(upload(created.id(), in));
            }
        } catch (IOException e) {
            throw new ImageUploadFailed("cannot write the fixture guest: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a hidden temp file in the pool dir; harmless
                }
            }
        }
    }

    private static Long virtualSizeOf(RbdImage image) {
        try (ImageBytes bytes = new RbdImageBytes(image)) {
            Inspection inspection = FormatInspector.inspect(bytes);
            return inspection.virtualSize();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void removeQuietly(RbdImage image) {
        try {
            pool.removeImage(image.name());
        } catch (RuntimeException e) {
            LOG.error("could not clean up the objects of failed upload {}: {}", image, e.toString());
        }
    }

    /** Remembers whether the client's stream (not the store) failed. */
    private static final class TrackedInput extends FilterInputStream {
        boolean failed;

        TrackedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /** The inspector's view of an image in the pool. */
    private record RbdImageBytes(RbdImage image) implements ImageBytes {
        @Override
        public long size() {
            return image.size();
        }

        @Override
        public byte[] read(long position, int length) {
            return image.read(position, length);
        }

        @Override
        public void close() {
        }
    }
}
