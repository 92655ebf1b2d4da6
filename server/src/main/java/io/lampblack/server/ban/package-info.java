/**
 * Banning (reference rest_api.md §4.12): MD5s that sensors must not let run. Bans are kept in the metadata database,
 * handed to sensors at check-in as a versioned list, and counted when sensors report {@code processblock} events.
 */
package io.lampblack.server.ban;
