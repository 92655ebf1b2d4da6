package io.lampblack.server.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a team's members may do with the sensors of one group, and with what those sensors sent (Carbon Black's
 * {@code access_category}). Global administrators are Administrator of every group.
 */
public enum GroupRole {
    /** See the group's data and act on its sensors: isolate, restart, live response, tag, triage alerts. */
    ADMINISTRATOR("Administrator"),
    /** See the group's data; change nothing. */
    VIEWER("Viewer"),
    /** See nothing of the group. */
    NO_ACCESS("No Access");

    private final String category;

    GroupRole(String category) {
        this.category = category;
    }

    /** The {@code access_category} string of Carbon Black's team documents. */
    public String category() {
        return category;
    }

    /** The role an {@code access_category} names, in any case; empty for anything else. */
    public static Optional<GroupRole> ofCategory(String category) {
        if (category == null) return Optional.empty();
        String c = category.strip().toLowerCase(Locale.ROOT);
        for (GroupRole r : values()) {
            if (r.category.toLowerCase(Locale.ROOT).equals(c)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The stronger of two roles (a user in two teams gets the most either gives). */
    public GroupRole strongest(GroupRole other) {
        return ordinal() <= other.ordinal() ? this : other;
    }
}
