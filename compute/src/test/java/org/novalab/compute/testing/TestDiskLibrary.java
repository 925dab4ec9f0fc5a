package org.novalab.compute.testing;

import org.novalab.compute.boot.GuestDiskOpener;
import org.novalab.disk.DiskTool;

/** The disk library the driver tests run against. */
public record TestDiskLibrary(DiskTool tool, GuestDiskOpener opener) {
    public static TestDiskLibrary create() {
        FakeDisks fake = new FakeDisks();
        return new TestDiskLibrary(fake, fake);
    }
}
