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

    /** Where glance-direct keeps staged data until the import: a pool image named after the image. */
    static final String STAGING_SUFFIX = ".staging";

    private final ImageRepository repository;
    private final Pool pool;
    private final Clock clock;
    private final ImageSharing sharing;
    private final List<java.util.function.Consumer<String>> deletionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Object size of the images this store writes (Glance's rbd_store_chunk_size; 2^order bytes). */
    private final int order;
    /** glance_store's location of an image is this plus {@code <id>/snap} ({@code rbd://<fsid>/<pool>/}). */
    private final Optional<String> locationPrefix;

    public ImageService(ImageRepository repository, Pool pool, Clock clock) {
        this(repository, pool, clock, Pool.DEFAULT_ORDER, Optional.empty());
    }

    /**
     * @param locationPrefix when present (Glance's show_image_direct_url on an rbd store), an active image's
     *                       {@link #directUrl direct_url} is this followed by {@code <id>/snap}
     */
    public ImageService(ImageRepository repository, Pool pool, Clock clock, int order,
                        Optional<String> locationPrefix) {
        this.repository = repository;
        this.pool = pool;
        this.clock = clock;
        this.sharing = new ImageSharing(repository, clock);
        this.order = order;
        this.locationPrefix = locationPrefix;
    }

    /**
     * Glance's {@code direct_url}: where an active image's data is, {@code rbd://<fsid>/<pool>/<id>/snap} (the
     * protected snapshot Nova's Rbd backend clones); empty unless the store shows it.
     */
    public Optional<String> directUrl(ImageRecord image) {
        if (image.status() != ImageStatus.ACTIVE && image.status() != ImageStatus.DEACTIVATED) {
            return Optional.empty();
        }
        return locationPrefix.map(prefix -> prefix + image.id() + "/" + SNAPSHOT);
    }

    public ImageService(ImageRepository repository, Pool pool) {
        this(repository, pool, Clock.systemUTC());
    }

    public Pool pool() {
        return pool;
    }

    /** The image's members. */
    public ImageSharing sharing() {
        return sharing;
    }

    /**
     * Glance's visibility with memberships: besides what {@link ImageRecord#visibleTo} allows, a shared image is
     * visible to each project it is shared with, whatever that project answered.
     */
    public boolean visibleTo(ImageRecord image, String projectId, boolean admin) {
        return image.visibleTo(projectId, admin) || ("shared".equals(image.visibility()) && projectId != null
                && repository.findMember(image.id(), projectId).isPresent());
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
        ImageFields.checkText("owner", request.owner(), 255);
        var tags = ImageFields.checkTags(id, request.tags() == null ? List.of() : request.tags());
        ImageRecord record = new ImageRecord(id, request.name(), ImageStatus.QUEUED, request.diskFormat(),
                request.containerFormat(), null, null, null, null, null, minDisk, minRam, visibility,
                Boolean.TRUE.equals(request.isProtected()), request.owner(), now, now, properties, tags,
                Boolean.TRUE.equals(request.hidden()));
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
            writer = pool.importImage(id, order);
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

    /**
     * {@code GET /v2/images/{id}/file}: the stored bytes, streamed from the pool (of an active image, or of a
     * deactivated one: who may read those is the API's policy).
     */
    public InputStream download(String id) {
        ImageRecord record = get(id);
        if (record.status() != ImageStatus.ACTIVE && record.status() != ImageStatus.DEACTIVATED) {
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
        removeFromStore(stagingName(id));
        repository.delete(id);
        deletionListeners.forEach(l -> l.accept(id));
    }

    /**
     * {@code listener} is told the id of each image deleted, after its data and record are gone (what an image owns
     * elsewhere, such as the key of an encrypted snapshot, goes with it).
     */
    public void onDelete(java.util.function.Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    /** {@code PUT /v2/images/{id}/tags/{tag}}: adds a tag (none twice); at most 128 tags. */
    public synchronized ImageRecord addTag(String id, String tag) {
        ImageRecord record = get(id);
        java.util.Set<String> tags = new java.util.TreeSet<>(record.tags());
        tags.add(tag);
        return repository.save(record.withTags(ImageFields.checkTags(id, tags), clock.instant()));
    }

    /** {@code DELETE /v2/images/{id}/tags/{tag}}: false when the image has no such tag. */
    public synchronized boolean removeTag(String id, String tag) {
        ImageRecord record = get(id);
        if (!record.tags().contains(tag)) {
            return false;
        }
        java.util.Set<String> tags = new java.util.TreeSet<>(record.tags());
        tags.remove(tag);
        repository.save(record.withTags(tags, clock.instant()));
        return true;
    }

    /**
     * {@code POST /v2/images/{id}/actions/deactivate}: an active image's data may no longer be downloaded (nor
     * booted); a deactivated image stays so. Any other status is refused ({@link ImageActionRefused}).
     */
    public synchronized ImageRecord deactivate(String id) {
        return changeActivation(get(id), "deactivate", ImageStatus.ACTIVE, ImageStatus.DEACTIVATED);
    }

    /** {@code POST /v2/images/{id}/actions/reactivate}: the reverse of {@link #deactivate}. */
    public synchronized ImageRecord reactivate(String id) {
        return changeActivation(get(id), "reactivate", ImageStatus.DEACTIVATED, ImageStatus.ACTIVE);
    }

    private ImageRecord changeActivation(ImageRecord record, String action, ImageStatus from, ImageStatus to) {
        if (record.status() == to) {
            return record;
        }
        if (record.status() != from) {
            throw new ImageActionRefused("Not allowed to " + action + " image in status '"
                    + record.status().glanceName() + "'");
        }
        return repository.save(record.withStatus(to, clock.instant()));
    }

    static String stagingName(String id) {
        return id + STAGING_SUFFIX;
    }

    /**
     * {@code PUT /v2/images/{id}/stage} (glance-direct's first step): streams the data into the staging area. The
     * image is {@code uploading} from the start; once the data is whole its size is set, and only then may it be
     * imported. A stage that fails leaves no staged data and the image {@code queued} again.
     */
    public ImageRecord stage(String id, InputStream data) {
        ImageRecord uploading = startStatus(id, ImageStatus.UPLOADING, false);
        String staging = stagingName(id);
        ImageImport writer = null;
        boolean written = false;
        try {
            removeFromStore(staging);
            writer = pool.importImage(staging, order);
            ImageDigests digests = DigestingCopy.copy(data, writer);
            writer.close();
            written = true;
            ImageRecord staged = new ImageRecord(id, uploading.name(), ImageStatus.UPLOADING, uploading.diskFormat(),
                    uploading.containerFormat(), digests.size(), null, null, null, null, uploading.minDisk(),
                    uploading.minRam(), uploading.visibility(), uploading.isProtected(), uploading.owner(),
                    uploading.createdAt(), clock.instant(), uploading.properties(), uploading.tags(),
                    uploading.hidden());
            repository.save(staged);
            LOG.info("image {}: {} bytes staged for import", id, digests.size());
            return staged;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                discard(staging, writer, written);
            }
            repository.save(uploading.withoutData(ImageStatus.QUEUED, clock.instant()));
            throw new ImageUploadFailed("staging of image " + id + " failed (image is now queued): "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code POST /v2/images/{id}/import} with glance-direct, its checks and first step: a staged image (whole,
     * formats set) becomes {@code importing}. {@link #completeImport} then moves the data into the store.
     */
    public synchronized ImageRecord startImport(String id) {
        ImageRecord record = get(id);
        if (record.status() == ImageStatus.ACTIVE) {
            throw new InvalidImageState("Image with status active cannot be target for import");
        }
        if (record.status() != ImageStatus.UPLOADING || record.size() == null) {
            throw new InvalidImageState("Image needs to be staged before 'glance-direct' method can be used");
        }
        if (record.containerFormat() == null) {
            throw new InvalidImageState("'container_format' needs to be set before import");
        }
        if (record.diskFormat() == null) {
            throw new InvalidImageState("'disk_format' needs to be set before import");
        }
        return repository.save(record.withStatus(ImageStatus.IMPORTING, clock.instant()));
    }

    /**
     * The import itself: the staged data is copied into the image's pool image (digests, virtual size and the
     * protected snapshot as after an upload), the image becomes active, then the staged copy goes. On failure the
     * image is {@code queued} again without data, staged or stored, as Glance reverts a failed import.
     */
    public ImageRecord completeImport(String id) {
        ImageRecord importing = get(id);
        if (importing.status() != ImageStatus.IMPORTING) {
            throw new InvalidImageState("image " + id + " is " + importing.status().glanceName() + ", not importing");
        }
        String staging = stagingName(id);
        ImageImport writer = null;
        boolean stored = false;
        try (Image staged = pool.open(staging); InputStream in = staged.openStream()) {
            removeFromStore(id);
            writer = pool.importImage(id, order);
            ImageDigests digests = DigestingCopy.copy(in, writer);
            writer.close();
            stored = true;
            Long virtualSize;
            try (Image image = pool.open(id)) {
                virtualSize = virtualSizeOf(image);
                image.createSnap(SNAPSHOT);
                image.protectSnap(SNAPSHOT);
            }
            ImageRecord active = get(id).withData(digests.size(), virtualSize, digests.md5(), digests.hashAlgo(),
                    digests.hashValue(), clock.instant());
            repository.save(active);
            removeFromStore(staging);
            LOG.info("image {} imported (glance-direct): {} bytes, md5 {}", id, digests.size(), digests.md5());
            return active;
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                discard(id, writer, stored);
            }
            try {
                removeFromStore(staging);
            } catch (RuntimeException cleanup) {
                LOG.error("could not remove the staged data of image {}: {}", id, cleanup.toString());
            }
            repository.save(get(id).withoutData(ImageStatus.QUEUED, clock.instant()));
            LOG.warn("import of image {} failed, image queued: {}", id, e.toString());
            throw new ImageUploadFailed("import of image " + id + " failed (image is now queued): "
                    + e.getMessage(), e);
        }
    }

    /** Moves a queued image to {@code status}; with {@code formats}, disk and container formats must be set. */
    private synchronized ImageRecord startStatus(String id, ImageStatus status, boolean formats) {
        ImageRecord record = get(id);
        if (record.status() != ImageStatus.QUEUED) {
            throw new InvalidImageState("Image status transition from " + record.status().glanceName() + " to "
                    + status.glanceName() + " is not allowed");
        }
        if (formats && (record.diskFormat() == null || record.containerFormat() == null)) {
            throw new InvalidImageChange("disk_format and container_format must be set before uploading data");
        }
        return repository.save(record.withStatus(status, clock.instant()));
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
        String staging = stagingName(record.id());
        boolean staged = pool.exists(staging);
        if (status == ImageStatus.UPLOADING || status == ImageStatus.IMPORTING) {
            return recoverImport(record, staged, stored, soleOwner);
        }
        if (staged) {
            removeFromStore(staging);
            LOG.warn("image {} is {}; its leftover staged data was removed", record.id(), status.glanceName());
        }
        if (status == ImageStatus.SAVING && (stored || soleOwner)) {
            removeFromStore(record.id());
            LOG.warn("image {}: its upload was interrupted; back to queued, partial data removed", record.id());
            return Optional.of(repository.save(record.withoutData(ImageStatus.QUEUED, clock.instant())));
        }
        if (stored && (status == ImageStatus.QUEUED || status == ImageStatus.KILLED)) {
            removeFromStore(record.id());
            LOG.warn("image {} is {} but had data in the pool; removed", record.id(), status.glanceName());
        } else if ((status == ImageStatus.ACTIVE || status == ImageStatus.DEACTIVATED) && !stored && soleOwner) {
            LOG.error("image {} is active but its data is gone from pool {}; marked killed", record.id(),
                    pool.name());
            return Optional.of(repository.save(record.withStatus(ImageStatus.KILLED, clock.instant())));
        }
        return Optional.empty();
    }

    /**
     * A stage or import that a killed process left: data staged whole (the size is recorded) stays staged, the
     * image {@code uploading}, so the client may import again; a stage cut short, or staged data that is gone,
     * leaves the image {@code queued} without data.
     */
    private Optional<ImageRecord> recoverImport(ImageRecord record, boolean staged, boolean stored,
                                                boolean soleOwner) {
        if (!staged && !soleOwner) {
            return Optional.empty(); // another server may be staging or importing it
        }
        if (record.status() == ImageStatus.IMPORTING && stored) {
            removeFromStore(record.id());
        }
        if (staged && record.size() != null) {
            if (record.status() == ImageStatus.UPLOADING) {
                return Optional.empty();
            }
            LOG.warn("image {}: its import was interrupted; back to uploading, staged data kept", record.id());
            return Optional.of(repository.save(record.withStatus(ImageStatus.UPLOADING, clock.instant())));
        }
        if (staged) {
            removeFromStore(stagingName(record.id()));
        }
        LOG.warn("image {}: its stage was interrupted or its staged data is gone; back to queued", record.id());
        return Optional.of(repository.save(record.withoutData(ImageStatus.QUEUED, clock.instant())));
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
