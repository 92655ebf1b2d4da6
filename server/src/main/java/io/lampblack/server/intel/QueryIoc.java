package io.lampblack.server.intel;

import io.lampblack.server.problem.InvalidInput;

/**
 * A query IOC: a saved search, over process events or binaries ("modules"), in the form Carbon Black stores
 * ({@code cb.urlver=1&q=...}, percent-encoded).
 */
public record QueryIoc(IndexType indexType, String searchQuery) {

    public enum IndexType {
        EVENTS("events"),
        MODULES("modules");

        private final String wire;

        IndexType(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The type of that name, or null. */
        static IndexType of(String wire) {
            for (IndexType t : values()) if (t.wire.equals(wire)) return t;
            return null;
        }

        /** @throws InvalidInput ({@code invalid_index_type}) for anything but {@code events} or {@code modules} */
        public static IndexType parse(String wire) {
            IndexType t = of(wire);
            if (t == null)
                throw new InvalidInput(
                        "invalid_index_type", "index_type must be 'events' or 'modules', not '" + wire + "'");
            return t;
        }
    }
}
