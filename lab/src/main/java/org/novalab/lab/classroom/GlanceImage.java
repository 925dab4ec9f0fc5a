package org.novalab.lab.classroom;

import java.util.List;

/** A Glance image as the classroom shows it: where an instance's base came from, down to its pool objects. */
public record GlanceImage(String id, String name, String diskFormat, long size, List<String> poolObjects) {
    public GlanceImage {
        poolObjects = List.copyOf(poolObjects);
    }
}
