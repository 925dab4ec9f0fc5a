package org.novalab.api.identity;

/**
 * A role held by an actor (a user or a group) on a target (a project, a domain or the system), as Keystone stores
 * it: on the target itself, or, {@code inherited}, on every project below it (OS-INHERIT) and not on the target.
 */
public record Assignment(Actor actor, Target target, String roleId, boolean inherited) {
    /** Who holds a role. */
    public record Actor(Kind kind, String id) {
        public enum Kind {
            USER("user"), GROUP("group");

            private final String word;

            Kind(String word) {
                this.word = word;
            }

            /** The word Keystone's paths and bodies use, and the database keeps: "user", "group". */
            public String word() {
                return word;
            }

            static Kind of(String word) {
                return word.equals(USER.word) ? USER : GROUP;
            }
        }

        public static Actor user(String id) {
            return new Actor(Kind.USER, id);
        }

        public static Actor group(String id) {
            return new Actor(Kind.GROUP, id);
        }

        public boolean isUser() {
            return kind == Kind.USER;
        }
    }

    /** Where a role is held. */
    public record Target(Kind kind, String id) {
        /** The system: Keystone's one system target, {@code "system": {"all": true}}. */
        public static final Target SYSTEM = new Target(Kind.SYSTEM, "system");

        public enum Kind {
            PROJECT("project"), DOMAIN("domain"), SYSTEM("system");

            private final String word;

            Kind(String word) {
                this.word = word;
            }

            public String word() {
                return word;
            }

            static Kind of(String word) {
                return switch (word) {
                    case "project" -> PROJECT;
                    case "domain" -> DOMAIN;
                    default -> SYSTEM;
                };
            }
        }

        public static Target project(String id) {
            return new Target(Kind.PROJECT, id);
        }

        public static Target domain(String id) {
            return new Target(Kind.DOMAIN, id);
        }

        public boolean isProject() {
            return kind == Kind.PROJECT;
        }

        public boolean isDomain() {
            return kind == Kind.DOMAIN;
        }

        public boolean isSystem() {
            return kind == Kind.SYSTEM;
        }
    }
}
