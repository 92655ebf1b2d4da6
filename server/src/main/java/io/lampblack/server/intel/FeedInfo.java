package io.lampblack.server.intel;

import io.lampblack.server.problem.TextLimits;
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
        String version) {

    /** The longest values the {@code feed} table keeps; a feed document with longer ones is refused. */
    public FeedInfo {
        TextLimits.atMost("feedinfo.name", name, 64);
        TextLimits.atMost("feedinfo.display_name", displayName, 512);
        TextLimits.atMost("feedinfo.provider_url", providerUrl, 2048);
        TextLimits.atMost("feedinfo.summary", summary, 8192);
        TextLimits.atMost("feedinfo.tech_data", techData, 8192);
        TextLimits.atMost("feedinfo.category", category, 256);
        TextLimits.atMost("feedinfo.icon", icon, 1 << 20);
        TextLimits.atMost("feedinfo.icon_small", iconSmall, 1 << 20);
    }
}
