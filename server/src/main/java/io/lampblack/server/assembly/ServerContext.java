package io.lampblack.server.assembly;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What every feature's assembly is given besides its own settings and the features before it.
 *
 * @param dataDir   where everything durable lives ({@code --data})
 * @param clock     the server clock (tests pass their own)
 * @param lifecycle where each assembly puts what it starts, to be closed in reverse order
 */
public record ServerContext(Path dataDir, Clock clock, Lifecycle lifecycle) {

    public <T extends AutoCloseable> T own(T part) {
        return lifecycle.own(part);
    }

    public Path dir(String first, String... more) {
        return dataDir.resolve(Path.of(first, more));
    }
}
