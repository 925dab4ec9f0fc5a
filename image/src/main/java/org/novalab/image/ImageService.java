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
import org.novalab.storage.Image;
import org.novalab.storage.ImageBusy;
import org.novalab.storage.ImageHasSnapshots;
import org.novalab.storage.ImageImport;
import org.novalab.storage.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glance v2's image logic over a {@link Pool}: records in an {@link ImageRepository}, data in an RBD image named
 * after the image id with a protected snapshot {@value #SNAPSHOT} of it, as Glance's rbd store keeps them (Nova's
 * Rbd backend clones that snapshot). The HTTP routes live in module {@code api}.
 *
 * <p>Uploads stream into the pool object by object with md5 and sha512 computed on the fly; an upload that
 * fails half-way leaves no object behind and the image {@code queued} (the client's stream broke: it may retry)
 * or {@code killed} (the store failed). An image whose snapshot has clones cannot be deleted ({@link ImageInUse}).
 */
public final class ImageService {
    public static final String FIXTURE_NAME = FixtureGuest.IMAGE_NAME;
    /** The seed's Glance id of cirros-x86_64, reused so the lab reads like the write-up. */
    public static final String FIXTURE_ID = FixtureGuest.IMAGE_ID;
    /** The snapshot Glance's rbd store takes and protects after an upload (its DEFAULT_SNAPNAME). */
    public static final String SNAPSHOT = "snap";
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
        ImageFields.checkName(request.name());
        ImageFields.checkOneOf("disk_format", request.diskFormat(), ImageFields.DISK_FORMATS);
        ImageFields.checkOneOf("container_format", request.containerFormat(), ImageFields.CONTAINER_FORMATS);
        String visibility = request.visibility() == null ? "shared" : request.visibility();
        ImageFields.checkOneOf("visibility", visibility, ImageFields.VISIBILITIES);
        Map<String, String> properties = request.properties() == null ? Map.of() : request.properties();
        for (String key : properties.keySet()) {
            if (ImageFields.READ_ONLY.contains(key)) {
                throw new InvalidImageChange("attribute '" + key + "' is read-only");
            }
            ImageFields.checkProperty(key, properties.get(key));
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
        ImageImport writer = null;
        boolean stored = false;
        try {
            removeFromStore(id); // what an upload that died with its process left behind
            writer = pool.importImage(id, Pool.DEFAULT_ORDER);
            ImageDigests digests = DigestingCopy.copy(client, writer);
            writer.close();
            stored = true;
            Long virtualSize;
            try (Image image = pool.open(id)) {
                virtualSize = virtualSizeOf(image);
                image.createSnap(SNAPSHOT);
                image.protectSnap(SNAPSHOT);
            }
            ImageRecord active = saving.withData(digests.size(), virtualSize, digests.md5(), digests.hashAlgo(),
                    digests.hashValue(), clock.instant());
            repository.save(active);
            LOG.info("image {} active: {} bytes, md5 {}", id, digests.size(), digests.md5());
            return active;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                discard(id, writer, stored);
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
        try (Image image = pool.find(id).orElseThrow(
                () -> new InvalidImageState("image " + id + " is active but its data is missing"))) {
            return image.openStream();
        }
    }

    /**
     * {@code DELETE /v2/images/{id}}: removes data and record, unless the image is protected or clones of its
     * snapshot exist (then both stay and {@link ImageInUse} says which clones).
     */
    public void delete(String id) {
        ImageRecord record = get(id);
        if (record.isProtected()) {
            throw new ImageProtected(id);
        }
        removeFromStore(id);
        repository.delete(id);
    }

    /**
     * glance_store's rbd delete: unprotect and remove the snapshot, then the image. A snapshot with clones cannot be
     * unprotected, so the image stays whole.
     */
    private void removeFromStore(String id) {
        if (!pool.exists(id)) {
            return;
        }
        try {
            try (Image image = pool.open(id)) {
                if (image.listSnaps().stream().anyMatch(s -> s.name().equals(SNAPSHOT))) {
                    if (image.isProtectedSnap(SNAPSHOT)) {
                        image.unprotectSnap(SNAPSHOT);
                    }
                    image.removeSnap(SNAPSHOT);
                }
            }
            pool.remove(id);
        } catch (ImageBusy | ImageHasSnapshots e) {
            throw new ImageInUse(id, e.getMessage());
        }
    }

    /** {@code PATCH /v2/images/{id}}: core attributes and custom properties, applied all or nothing. */
    public synchronized ImageRecord update(String id, List<ImagePatch> changes) {
        return repository.save(ImagePatcher.apply(get(id), changes, clock.instant()));
    }

    /**
     * After a crash, before any request: what a killed process left half-made is finished or undone. An upload
     * that died ({@code saving}) goes back to {@code queued}, its partial objects removed, as Glance answers a
     * failed upload, so the client may upload again; a {@code queued} or {@code killed} image has no data, so
     * objects stored under its name go; an {@code active} image whose data is gone from the pool is {@code killed}
     * (the record says it can be booted, and it cannot). Run it while this server alone writes the pool.
     *
     * @param soleOwner true when no other server shares these image records (the embedded database of the state
     *                  dir); otherwise only what this pool holds decides: an upload with no object here may be
     *                  running on another server, and an image whose data is elsewhere is not lost
     * @return the images whose status changed
     */
    public synchronized List<ImageRecord> recoverInterrupted(boolean soleOwner) {
        List<ImageRecord> changed = new java.util.ArrayList<>();
        for (ImageRecord record : repository.all()) {
            try {
                recover(record, soleOwner).ifPresent(changed::add);
            } catch (RuntimeException e) {
                LOG.error("image {}: cannot recover from the interruption ({}); left {}", record.id(), e.toString(),
                        record.status().glanceName());
            }
        }
        return changed;
    }

    private Optional<ImageRecord> recover(ImageRecord record, boolean soleOwner) {
        ImageStatus status = record.status();
        boolean stored = pool.exists(record.id());
        if (status == ImageStatus.SAVING && (stored || soleOwner)) {
            removeFromStore(record.id());
            LOG.warn("image {}: its upload was interrupted; back to queued, partial data removed", record.id());
            return Optional.of(repository.save(record.withoutData(ImageStatus.QUEUED, clock.instant())));
        }
        if (stored && (status == ImageStatus.QUEUED || status == ImageStatus.KILLED)) {
            removeFromStore(record.id());
            LOG.warn("image {} is {} but had data in the pool; removed", record.id(), status.glanceName());
        } else if (status == ImageStatus.ACTIVE && !stored && soleOwner) {
            LOG.error("image {} is active but its data is gone from pool {}; marked killed", record.id(),
                    pool.name());
            return Optional.of(repository.save(record.withStatus(ImageStatus.KILLED, clock.instant())));
        }
        return Optional.empty();
    }

    /**
     * On first start (no image at all): stores the fixture guest as public raw image {@value #FIXTURE_NAME}, so a
     * newcomer can boot at once. Returns the image created, or empty when the repository already held images; then
     * every active image gets the protected snapshot it lacks (stores written before snapshots existed).
     */
    public Optional<ImageRecord> bootstrapFixture() {
        if (!repository.all().isEmpty()) {
            snapshotActiveImages();
            return Optional.empty();
        }
        ImageRecord created = create(new NewImage(FIXTURE_ID, FIXTURE_NAME, "raw", "bare", 0, 0, "public", false,
                null, Map.of()));
        Path tmp = null;
        try {
            tmp = Files.createTempFile("novalab-fixture-", ".raw");
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
                    // a temp file left in the temp dir; harmless
                }
            }
        }
    }

    private void snapshotActiveImages() {
        for (ImageRecord record : repository.all()) {
            if (record.status() != ImageStatus.ACTIVE || !pool.exists(record.id())) {
                continue;
            }
            try (Image image = pool.open(record.id())) {
                if (image.listSnaps().stream().noneMatch(s -> s.name().equals(SNAPSHOT))) {
                    image.createSnap(SNAPSHOT);
                    LOG.info("image {}: took snapshot {} Nova's Rbd backend clones", record.id(), SNAPSHOT);
                }
                if (!image.isProtectedSnap(SNAPSHOT)) {
                    image.protectSnap(SNAPSHOT);
                }
            }
        }
    }

    /**
     * Glance's virtual_size: the inspector's, or unset (null) when it cannot tell. A header's size of 2^63 bytes
     * or more is no size Glance can show (its column is signed): unset too, never negative.
     */
    private static Long virtualSizeOf(Image image) {
        try (ImageBytes bytes = new RbdImageBytes(image)) {
            Inspection inspection = FormatInspector.inspect(bytes);
            return inspection.virtualSize() < 0 ? null : inspection.virtualSize();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** After a failed upload: the import given up, or the image it stored removed. */
    private void discard(String id, ImageImport writer, boolean stored) {
        try {
            if (stored) {
                removeFromStore(id);
            } else {
                writer.abort();
            }
        } catch (RuntimeException e) {
            LOG.error("could not clean up the objects of failed upload {}: {}", id, e.toString());
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
    private record RbdImageBytes(Image image) implements ImageBytes {
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
