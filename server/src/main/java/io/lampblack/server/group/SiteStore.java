package io.lampblack.server.group;

import java.util.List;
import java.util.Optional;

/** Persistence of sites, their throttle rules and the groups' data-sharing settings. */
public interface SiteStore {

    List<Site> sites();

    Optional<Site> site(int id);

    /** Adds the site under a new id; the name must be free. */
    Site createSite(Site site);

    boolean updateSite(Site site);

    enum Deleted {
        DELETED,
        NOT_FOUND,
        HAS_GROUPS
    }

    /** Deletes the site and its throttle rules, unless a group is in it. */
    Deleted deleteSite(int id);

    List<ThrottleRule> throttles();

    Optional<ThrottleRule> throttle(int id);

    ThrottleRule createThrottle(ThrottleRule rule);

    boolean updateThrottle(ThrottleRule rule);

    boolean deleteThrottle(int id);

    List<DataSharing> sharing(int groupId);

    DataSharing createSharing(DataSharing config);

    /** Deletes one setting of the group ({@code id}) or all of them (empty). */
    int deleteSharing(int groupId, Optional<Integer> id);
}
