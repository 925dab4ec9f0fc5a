package org.novalab.imagecache;

/**
 * The safety gate refused a downloaded image (Nova since CVE-2022-47951 / CVE-2024-32498): its real format does
 * not match its disk_format, it points at other files, or its format is unknown. The download was deleted.
 */
public class UnsafeImage extends ImageCacheException {
    public UnsafeImage(String message) {
        super(message);
    }
}
