package io.lampblack.server.intel;

import java.util.List;
import java.util.Optional;

/** Where watchlists and the actions of watchlists and feeds are kept (the metadata database). */
public interface WatchlistStore {

    Watchlist create(Watchlist w);

    Optional<Watchlist> find(long id);

    List<Watchlist> all();

    boolean update(Watchlist w);

    /** Deletes the watchlist and its actions. */
    boolean delete(long id);

    IntelAction addAction(IntelAction a);

    List<IntelAction> actions(IntelAction.Owner owner, long ownerId);

    boolean updateAction(IntelAction a);

    boolean deleteAction(IntelAction.Owner owner, long ownerId, long actionId);
}
