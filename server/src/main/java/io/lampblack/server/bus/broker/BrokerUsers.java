package io.lampblack.server.bus.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the {@code bus-users} setting: {@code user:password} pairs separated by commas. */
final class BrokerUsers {

    private BrokerUsers() {}

    /** The users in order; a blank setting gives none. The password is everything after the first colon. */
    static Map<String, String> parse(String setting) {
        Map<String, String> users = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) return users;
        String[] pairs = setting.split(",");
        for (int i = 0; i < pairs.length; i++) {
            String p = pairs[i].trim();
            int colon = p.indexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                // Which entry, not its text: the text may be a password that lost its user.
                throw new IllegalArgumentException("setting 'bus-users': entry " + (i + 1) + " is not user:password");
            }
            if (users.put(p.substring(0, colon), p.substring(colon + 1)) != null) {
                throw new IllegalArgumentException(
                        "setting 'bus-users': user '" + p.substring(0, colon) + "' is given twice");
            }
        }
        return users;
    }
}
