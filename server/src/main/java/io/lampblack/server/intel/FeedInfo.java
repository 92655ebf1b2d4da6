package io.lampblack.server.intel;

import java.util.OptionalDouble;

/**
 * A feed's {@code feedinfo}: what describes it in listings and names it in queries ({@code alliance_score_<name>}).
 *
 * @param name           internal name: letters, digits and underscores only, since it becomes part of field names
 * @param providerRating the provider's rating, when given
 */
public record FeedInfo(
        String name,
        String displayName,
        String providerUrl,
        String summary,
        String techData,
        String category,
        String icon,
        String iconSmall,
        OptionalDouble providerRating,
        String version) {}
