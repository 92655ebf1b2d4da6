/**
 * The documents of the Carbon Black REST API as records (reference rest_api.md §1.3, §4, §5): each record's
 * components, with their {@code @JsonProperty} names, are the keys clients see, in the order they see them, and a
 * static {@code of(...)} turns the domain value into it (Carbon Black's date formats, upper-case MD5s, numbers sent
 * as strings, the constant fields its clients expect).
 *
 * <p>In: domain values ({@link io.lampblack.server.search.PartitionInfo}, {@link io.lampblack.server.ban.BannedHash},
 * ...). Out: values {@link io.lampblack.server.json.Json#MAPPER} writes as they are. Nothing here knows HTTP; only
 * {@code api} uses these, and they never use {@code api}. The domain packages do not know them: what a feed or a
 * ban is stays theirs, how Carbon Black shows it is the edge's.
 */
package io.lampblack.server.api.wire;
