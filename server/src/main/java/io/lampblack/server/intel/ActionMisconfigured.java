package io.lampblack.server.intel;

import java.io.IOException;

/**
 * An action that cannot succeed however often it is tried (no server configured for its kind, no recipient, no URL):
 * reported at once instead of retried, so that it does not hold up the deliveries queued behind it.
 */
final class ActionMisconfigured extends IOException {

    ActionMisconfigured(String message) {
        super(message);
    }
}
