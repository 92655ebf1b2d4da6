package io.lampblack.server.alert;

/**
 * What raised an alert: a feed report (feed id and name, the report as {@code watchlist_id}/{@code watchlist_name},
 * as Carbon Black files feed alerts) or a watchlist ({@code feed_id} -1, {@code feed_name} "My Watchlists"), and the
 * indicator that matched.
 *
 * @param alertType  e.g. {@code watchlist.hit.ingress.process}; the bus key is {@code alert.<alertType>}
 * @param feedRating the analyst's or the provider's rating of the feed, 1 to 5 (3 for watchlists)
 * @param iocAttr    the indicator's attributes as JSON text ({@code {}} for a hash)
 */
public record AlertSource(
        String alertType,
        long feedId,
        String feedName,
        double feedRating,
        String watchlistId,
        String watchlistName,
        int reportScore,
        String iocType,
        String iocValue,
        String iocAttr) {}
