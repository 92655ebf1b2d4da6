/**
 * Sensor groups with every setting of the reference (rest_api.md §5.7), sites, throttle rules, data-sharing settings
 * and group enrolment tokens.
 *
 * <p>In: groups, sites, rules and settings an administrator creates, changes and deletes; tokens sensors present to
 * register. Out: the stored objects; for each sensor its group's {@link io.lampblack.server.group.GroupRules} (which
 * event kinds it collects, as the {@link io.lampblack.server.sensor.CollectionSettings} ingest asks, how often it
 * checks in, whether it enforces bans); the group a group enrolment token registers into. The
 * {@code collect_*} flags and the event kinds they govern are {@link io.lampblack.server.group.CollectFlag}.
 * Persistence goes through {@link io.lampblack.server.group.GroupStore} and
 * {@link io.lampblack.server.group.SiteStore}, implemented in {@code store}. Throttle rules and data sharing are
 * stored and reported only: nothing here limits bandwidth or shares data.
 */
package io.lampblack.server.group;
