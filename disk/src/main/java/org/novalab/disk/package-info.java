/**
 * Disk images in pure Java: qcow2 (reads v2 and v3, writes v3 compat 1.1 as qemu-img 7.2 does), legacy qcow AES
 * and LUKS1 inside qcow2, raw files and raw LUKS containers, and backing chains of them.
 *
 * <p>Entry points for other modules:
 * <ul>
 *   <li>{@link org.novalab.disk.Disks#java()}: a {@link org.novalab.disk.DiskTool} (create, convert, info, check,
 *       resize, map) that needs no qemu;</li>
 *   <li>{@link org.novalab.disk.Disks#open}: the guest's {@link org.novalab.disk.BlockDevice} view of an image
 *       through its whole chain, one key per file from a {@link org.novalab.disk.KeyLookup};</li>
 *   <li>{@code org.novalab.disk.info.InfoPrinter}, {@code org.novalab.disk.map.MapPrinter},
 *       {@code org.novalab.disk.check.ImageCheck#text()}: qemu-img's exact text and JSON;</li>
 *   <li>{@code org.novalab.disk.cli.ImgCommands}: the {@code novalab img} verbs.</li>
 * </ul>
 * Packages by concern, like qemu's block/qcow2*.c: {@code qcow2} (header, cluster map, refcounts, allocation,
 * check, encryption glue), {@code layer} and {@code chain} (raw/LUKS layers, chains, the guest view),
 * {@code convert}, {@code info}, {@code map}, {@code check}, {@code io} (temp file + fsync + rename).
 * Errors are {@link org.novalab.disk.DiskException}s: {@link org.novalab.disk.CorruptImage},
 * {@link org.novalab.disk.UnsupportedImage}, {@link org.novalab.disk.PassphraseRequired},
 * {@link org.novalab.disk.InvalidPassphrase}; their messages never carry a secret.
 */
package org.novalab.disk;
