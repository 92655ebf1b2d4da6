package io.lampblack.server.intel;

/**
 * What happens when a watchlist or feed hits (reference §4.8): {@code action_type} 0 e-mail, 1 syslog, 2 HTTP POST,
 * 3 alert.
 *
 * @param ownerId    the watchlist's or the feed's id (the API's {@code watchlist_id} or {@code group_id})
 * @param actionData the client's JSON text, kept as sent
 * @param createdBy  the username of whoever created it ("" when unknown)
 */
public record IntelAction(long id, Owner owner, long ownerId, int actionType, String actionData, String createdBy) {

    /** The longest {@code action_data} kept (its column). */
    public static final int MAX_ACTION_DATA = 16384;

    public IntelAction {
        io.lampblack.server.problem.TextLimits.atMost("action_data", actionData, MAX_ACTION_DATA);
    }

    public static final int EMAIL = 0;
    public static final int SYSLOG = 1;
    public static final int HTTP_POST = 2;
    public static final int ALERT = 3;

    public enum Owner {
        WATCHLIST,
        FEED;

        public String dbName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
