package io.lampblack.server.search.query;

import java.util.Locale;
import java.util.Optional;

/**
 * A search's {@code sort} parameter, {@code "<field> asc|desc"}, as every search reads it (processes, binaries,
 * alerts, threat reports): the field lower-cased, ascending when no direction is given.
 *
 * @param field a field name as the client wrote it, lower-cased; whether it can be sorted on is the search's to say
 */
public record SortOrder(String field, boolean descending) {

    /**
     * @return empty when the parameter is absent or blank
     * @throws io.lampblack.server.problem.InvalidInput ({@code invalid_parameter}) a malformed parameter
     */
    public static Optional<SortOrder> parse(String param) {
        if (param == null || param.isBlank()) return Optional.empty();
        String[] parts = param.trim().split("\\s+");
        if (parts.length > 2) throw RequestParameters.invalid("sort must be '<field> asc|desc'");
        boolean descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
        if (parts.length == 2 && !descending && !parts[1].equalsIgnoreCase("asc")) {
            throw RequestParameters.invalid("sort direction must be asc or desc");
        }
        return Optional.of(new SortOrder(parts[0].toLowerCase(Locale.ROOT), descending));
    }
}
