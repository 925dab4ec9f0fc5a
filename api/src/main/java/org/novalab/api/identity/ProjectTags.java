package org.novalab.api.identity;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.novalab.api.http.ApiException;

/**
 * Keystone's project tags: at most {@value #MAX} per project, each 1-255 characters without {@code /} or {@code ,}
 * (a tag is a path segment in its own URL and an item of the comma-separated list filters), unique.
 */
final class ProjectTags {
    /** Keystone's {@code resource.project_tags} schema: maxItems 80. */
    static final int MAX = 80;
    /** The projects table's {@code tags} column holds the JSON array. */
    private static final int COLUMN_LENGTH = 4096;

    private ProjectTags() {
    }

    /** A whole tag list (create, PATCH, or {@code PUT /projects/{id}/tags}), checked as Keystone checks it. */
    static JsonArray check(JsonArray tags) {
        for (Object tag : tags) {
            if (!(tag instanceof String s) || !valid(s)) {
                throw ApiException.badRequest("Invalid input for field 'tags': " + tag + " is not a valid tag");
            }
        }
        if (tags.stream().distinct().count() != tags.size()) {
            throw ApiException.badRequest("Invalid input for field 'tags': " + tags.encode() + " has non-unique elements");
        }
        if (tags.size() > MAX || tags.encode().length() > COLUMN_LENGTH) {
            throw ApiException.badRequest("Invalid input for field 'tags': a project has at most " + MAX + " tags");
        }
        return tags;
    }

    /** One tag named in a URL ({@code /projects/{id}/tags/{tag}}). */
    static String checkOne(String tag) {
        if (!valid(tag)) {
            throw ApiException.badRequest("Invalid input for field 'tags': " + tag + " is not a valid tag");
        }
        return tag;
    }

    /** {@code tag} added to {@code current} (no change when it is there already), checked as a whole. */
    static JsonArray plus(JsonArray current, String tag) {
        Set<Object> tags = new LinkedHashSet<>(current.getList());
        tags.add(tag);
        return check(new JsonArray(new ArrayList<>(tags)));
    }

    /**
     * Keystone's list filters: {@code tags} (all of them), {@code tags-any} (at least one), {@code not-tags} (not
     * all of them), {@code not-tags-any} (none of them); each a comma-separated list, null when not asked.
     */
    record Filter(List<String> all, List<String> any, List<String> notAll, List<String> notAny) {
        static Filter of(String all, String any, String notAll, String notAny) {
            return new Filter(split(all), split(any), split(notAll), split(notAny));
        }

        boolean matches(JsonArray projectTags) {
            List<Object> tags = projectTags.getList();
            return (all == null || tags.containsAll(all))
                    && (any == null || any.stream().anyMatch(tags::contains))
                    && (notAll == null || !tags.containsAll(notAll))
                    && (notAny == null || notAny.stream().noneMatch(tags::contains));
        }

        private static List<String> split(String list) {
            return list == null ? null : List.of(list.split(","));
        }
    }

    private static boolean valid(String tag) {
        return !tag.isEmpty() && tag.length() <= 255 && tag.indexOf('/') < 0 && tag.indexOf(',') < 0
                && tag.indexOf('\0') < 0;
    }
}
