package io.lampblack.server.group;

import io.lampblack.server.problem.InvalidInput;

/**
 * A site (reference §4.6): a name groups and throttle rules hang on. Carbon Black's other site fields are kept as
 * sent ({@code otherFieldsJson}).
 */
public record Site(int id, String name, String otherFieldsJson) {

    public static final int DEFAULT_SITE = 1;

    /** @throws InvalidInput ({@code invalid_site}) naming the field at fault */
    public Site {
        if (name == null || name.isBlank()) throw new InvalidInput("invalid_site", "name is required");
        name = name.strip();
        if (name.length() > 255) throw new InvalidInput("invalid_site", "name is longer than 255 characters");
        otherFieldsJson = otherFieldsJson == null ? "{}" : otherFieldsJson;
        if (otherFieldsJson.length() > 8000) {
            throw new InvalidInput("invalid_site", "the site's other fields take more than 8000 characters");
        }
    }
}
