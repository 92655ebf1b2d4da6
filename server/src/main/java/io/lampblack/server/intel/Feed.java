package io.lampblack.server.intel;

import io.lampblack.server.problem.TextLimits;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A feed as the server keeps it: its {@link FeedInfo} as last fetched, how to fetch it, and how the last
 * synchronisation went.
 *
 * @param id             assigned by the server; part of routing keys ({@code feed.<id>.ingress.hit.process})
 * @param localRating    the analyst's rating, weighing alert severity beside the provider's
 * @param lastSyncError  empty when the last synchronisation worked
 */
public record Feed(
        long id,
        FeedInfo info,
        String feedUrl,
        boolean enabled,
        boolean useProxy,
        boolean validateServerCert,
        String username,
        String password,
        String sslClientCrt,
        String sslClientKey,
        OptionalDouble localRating,
        int order,
        boolean manuallyAdded,
        Instant createdAt,
        Optional<Instant> lastSync,
        String lastSyncError,
        long reportCount,
        long iocCount) {

    /** The longest values the {@code feed} table keeps. */
    public static final int MAX_URL = 2048, MAX_CREDENTIAL = 256, MAX_CLIENT_PEM = 16384, MAX_SYNC_ERROR = 4096;

    public Feed {
        checkLengths(feedUrl, username, password, sslClientCrt, sslClientKey);
        // Written by the server (an error it met), so cut to fit rather than refused.
        lastSyncError = TextLimits.truncated(lastSyncError, MAX_SYNC_ERROR);
    }

    /**
     * The lengths a feed's settings may have, checked before anything is done with them (a new feed's document is
     * fetched before the feed is made).
     *
     * @throws io.lampblack.server.problem.InvalidInput for a value longer than the {@code feed} table keeps
     */
    public static void checkLengths(
            String feedUrl, String username, String password, String sslClientCrt, String sslClientKey) {
        TextLimits.atMost("feed_url", feedUrl, MAX_URL);
        TextLimits.atMost("username", username, MAX_CREDENTIAL);
        TextLimits.atMost("password", password, MAX_CREDENTIAL);
        TextLimits.atMost("ssl_client_crt", sslClientCrt, MAX_CLIENT_PEM);
        TextLimits.atMost("ssl_client_key", sslClientKey, MAX_CLIENT_PEM);
    }

    /** This feed after a successful synchronisation that read {@code info} and its counts. */
    public Feed synced(FeedInfo newInfo, Instant when, long reports, long iocs) {
        return new Feed(
                id,
                newInfo,
                feedUrl,
                enabled,
                useProxy,
                validateServerCert,
                username,
                password,
                sslClientCrt,
                sslClientKey,
                localRating,
                order,
                manuallyAdded,
                createdAt,
                Optional.of(when),
                "",
                reports,
                iocs);
    }

    /** This feed after a failed synchronisation: nothing changes but the error. */
    public Feed withSyncError(String error) {
        return new Feed(
                id,
                info,
                feedUrl,
                enabled,
                useProxy,
                validateServerCert,
                username,
                password,
                sslClientCrt,
                sslClientKey,
                localRating,
                order,
                manuallyAdded,
                createdAt,
                lastSync,
                error,
                reportCount,
                iocCount);
    }

    /** Without the secrets (the password and the client key), which no log line or message may carry. */
    @Override
    public String toString() {
        return "Feed[id=" + id + ", name=" + info.name() + ", feedUrl=" + feedUrl + ", enabled=" + enabled + "]";
    }

    /** The rating alerts weigh: the analyst's, else the provider's, else the neutral default (1..5). */
    public double alertRating() {
        return localRating.isPresent()
                ? localRating.getAsDouble()
                : info.providerRating().orElse(io.lampblack.server.alert.AlertSeverity.DEFAULT_RATING);
    }

    public Feed withId(long newId) {
        return new Feed(
                newId,
                info,
                feedUrl,
                enabled,
                useProxy,
                validateServerCert,
                username,
                password,
                sslClientCrt,
                sslClientKey,
                localRating,
                order,
                manuallyAdded,
                createdAt,
                lastSync,
                lastSyncError,
                reportCount,
                iocCount);
    }
}
