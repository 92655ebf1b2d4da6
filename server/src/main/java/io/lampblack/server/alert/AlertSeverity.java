package io.lampblack.server.alert;

/**
 * An alert's severity from the report's score, the feed's rating, the sensor's criticality and the indicator's
 * confidence. Carbon Black does not publish its formula; this one reproduces every captured alert (score 75, feed
 * rating 3, confidence 0.5: criticality 1 gives 40.5, criticality 3 gives 50.625): each factor scales the score
 * around its neutral value, and no factor can zero it.
 */
public final class AlertSeverity {

    /** Criticality of a sensor (group) when none is configured: the middle of 1..5. */
    public static final double DEFAULT_CRITICALITY = 3.0;
    /** Confidence of an indicator when the feed gives none. */
    public static final double DEFAULT_CONFIDENCE = 0.5;
    /** Rating of a feed when neither the analyst nor the provider rated it, and of watchlists. */
    public static final double DEFAULT_RATING = 3.0;

    private AlertSeverity() {}

    /**
     * @param feedRating  1..5
     * @param criticality 1..5
     * @param confidence  0..1
     */
    public static double of(int reportScore, double feedRating, double criticality, double confidence) {
        return reportScore * (feedRating + 6) / 10 * (criticality + 7) / 10 * (1 + confidence) / 2;
    }
}
