package io.lampblack.server.process;

import java.util.Optional;

/** Where metadata of processes that fell out of the cache is found again (the process index). */
@FunctionalInterface
public interface MetadataLookup {

    Optional<ProcessMetadata> latest(String processGuid);

    MetadataLookup NONE = guid -> Optional.empty();
}
