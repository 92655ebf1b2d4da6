package io.lampblack.server.administration;

import java.util.Map;
import java.util.Optional;

/** Named texts set through the API, kept across restarts; each call is one transaction. */
public interface SettingStore {

    Optional<String> get(String name);

    /** Sets all of these names at once (nothing half-applied). */
    void putAll(Map<String, String> values);
}
