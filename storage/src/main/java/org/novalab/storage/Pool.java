package org.novalab.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One pool: its RADOS objects (librados' {@code IoCtx}) and the RBD images kept in them (librbd's {@code RBD()}
 * calls, which take the pool's io context). An image's data are objects {@code rbd_data.<id>.<%016x>}, its metadata
 * {@code rbd_header.<id>}, {@code rbd_id.<name>} and the pool's {@code rbd_directory}, as Ceph lays out format 2.
 */
public interface Pool {
    /** 8 MiB objects: what Glance's rbd store writes (rbd_store_chunk_size 8) and the seed's pool shows. */
    int DEFAULT_ORDER = 23;

    String name();

    // ---- objects: librados IoCtx ----

    /** {@code ioctx.list_objects()}: every object's name, sorted (rados lists in hash order; sorted is stable). */
    List<String> listObjects();

    /** {@code ioctx.stat(object)}. */
    ObjectStat stat(String object);

    /** {@code ioctx.read(object)}: the whole object (an object is at most 2^25 bytes). */
    byte[] read(String object);

    /** {@code ioctx.write_full(object, data)}: replaces the object, atomically. */
    void writeFull(String object, InputStream data);

    void writeFull(String object, byte[] data);

    /** {@code ioctx.remove_object(object)}. */
    void removeObject(String object);

    /** The data objects an image stores itself (not its parent's), in object-number order. */
    default List<String> dataObjects(ImageInfo image) {
        return listObjects().stream().filter(image::ownsObject).sorted().toList();
    }

    // ---- images: librbd RBD() ----

    /** {@code RBD().create(ioctx, name, size, order)}: an image of {@code size} bytes, all holes. */
    void create(String name, long size, int order);

    /**
     * {@code rbd import}: a new image filled by the returned stream, object by object; closing the stream makes
     * its size the number of bytes written, {@link ImageImport#abort()} removes the image again.
     */
    ImageImport importImage(String name, int order);

    /** {@code RBD().list(ioctx)}: image names, sorted. */
    List<String> list();

    /**
     * {@code RBD().remove(ioctx, name)}: the image's objects, header, id and directory entry. Refused with
     * {@link ImageHasSnapshots} while it has snapshots.
     */
    void remove(String name);

    /**
     * {@code RBD().clone(p_ioctx, parent, snapshot, c_ioctx, child)}: a copy-on-write child of a protected
     * snapshot, in {@code childPool} (any pool of this cluster). The child has the snapshot's size and stores no
     * object until written; {@link InvalidArgument} when the snapshot is not protected.
     */
    void clone(String parent, String snapshot, Pool childPool, String child);

    /** {@code rbd.Image(ioctx, name)}: a read-write handle on the image's head ({@link ImageNotFound} if none). */
    Image open(String name);

    /** {@code rbd.Image(ioctx, image_id=id)}. */
    Image openById(String id);

    /** {@code rbd.Image(ioctx, name, snapshot=snap)}: a read-only handle on the image as the snapshot keeps it. */
    Image open(String name, String snapshot);

    default boolean exists(String name) {
        return list().contains(name);
    }

    /** The image, when it exists. */
    default Optional<Image> find(String name) {
        return exists(name) ? Optional.of(open(name)) : Optional.empty();
    }
}
