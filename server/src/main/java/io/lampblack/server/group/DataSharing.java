package io.lampblack.server.group;

import io.lampblack.server.problem.InvalidInput;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * That a group allows {@code who} (a third party, e.g. {@code VIRUSTOTAL}) to receive {@code what} (e.g. {@code BIN}).
 * Stored and reported for the clients that read it; this server shares nothing with anyone.
 */
public record DataSharing(int id, int groupId, String who, String what) {

    private static final Pattern WORD = Pattern.compile("[A-Z0-9_]{1,64}");

    /** @throws InvalidInput ({@code invalid_datasharing}) naming the field at fault */
    public DataSharing {
        who = who == null ? "" : who.strip().toUpperCase(Locale.ROOT);
        what = what == null ? "" : what.strip().toUpperCase(Locale.ROOT);
        if (!WORD.matcher(who).matches()) throw invalid("who must be a word such as VIRUSTOTAL");
        if (!WORD.matcher(what).matches()) throw invalid("what must be a word such as BIN");
    }

    private static InvalidInput invalid(String message) {
        return new InvalidInput("invalid_datasharing", message);
    }
}
