package org.novalab.image;

/**
 * One operation of a Glance v2 PATCH ({@code application/openstack-images-v2.1-json-patch}): {@code op} is add,
 * replace or remove, {@code path} a JSON pointer such as {@code /name} or {@code /hw_disk_bus}, {@code value}
 * the JSON value (String, Number, Boolean) or null for remove.
 */
public record ImagePatch(String op, String path, Object value) {
    public static ImagePatch replace(String path, Object value) {
        return new ImagePatch("replace", path, value);
    }

    public static ImagePatch add(String path, Object value) {
        return new ImagePatch("add", path, value);
    }

    public static ImagePatch remove(String path) {
        return new ImagePatch("remove", path, null);
    }
}
