package io.lampblack.server.api;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Decimal numbers in path parameters, query parameters and headers: empty when the text is not one. */
final class Numbers {

    private Numbers() {}

    static OptionalLong parseLong(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            // The JDK says "not a number" only by throwing; each caller decides what that means for the request.
            return OptionalLong.empty();
        }
    }

    static OptionalInt parseInt(String text) {
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
