/**
 * Server-wide administration that Carbon Black clients read and set: the license (nothing to license: the open-source
 * server runs any number of sensors; a license block a client applies is kept and has no effect), the settings of the
 * platform server watchlists may be exported to (kept; its token never shown again), the server's own record in the
 * cluster listing, and how the data directory's disk is used. Kept through the
 * {@link io.lampblack.server.administration.SettingStore} port.
 */
package io.lampblack.server.administration;
