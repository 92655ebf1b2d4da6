package io.lampblack.server.assembly;

import io.lampblack.server.api.DataSharingApi;
import io.lampblack.server.api.GroupApi;
import io.lampblack.server.api.SiteApi;
import io.lampblack.server.auth.TokenVault;
import io.lampblack.server.group.EnrolmentTokenSeal;
import io.lampblack.server.group.GroupRules;
import io.lampblack.server.group.SensorGroups;
import io.lampblack.server.group.SiteStore;
import io.lampblack.server.group.TeamAccess;
import io.lampblack.server.sensor.SensorRegistry;
import io.lampblack.server.store.JdbcGroupStore;
import io.lampblack.server.store.JdbcSiteStore;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Sensor groups, sites, throttle rules, data sharing: their routes, and the group settings
 * that apply to each sensor ({@link GroupRules}: collected event kinds, check-in interval, banning, enrolment).
 */
public final class GroupAssembly {

    private final SensorGroups groups;
    private final SiteStore sites;
    private final GroupRules rules;
    private final SensorRegistry registry;

    public GroupAssembly(ServerContext ctx, StoreAssembly store, SensorRegistry registry) {
        this.registry = registry;
        sites = new JdbcSiteStore(store.database());
        // The registry caches group names and criticality for ingest: a changed group is read again there.
        groups = new SensorGroups(
                new JdbcGroupStore(store.database()),
                sites,
                registry::forgetGroup,
                enrolmentTokenSeal(TokenVault.openOrCreate(ctx.dir(AccessAssembly.TOKEN_KEY_FILE))));
        rules = new GroupRules(groups, registry);
    }

    /**
     * Group enrolment tokens are sealed with the API tokens' key; the associated data names the group in a form no
     * username takes (usernames have no slash), so neither kind of sealed token opens as the other.
     */
    private static EnrolmentTokenSeal enrolmentTokenSeal(TokenVault vault) {
        return new EnrolmentTokenSeal() {
            @Override
            public String seal(int groupId, String token) {
                return vault.seal(associatedData(groupId), token);
            }

            @Override
            public Optional<String> open(int groupId, String sealed) {
                return vault.open(associatedData(groupId), sealed);
            }

            private static String associatedData(int groupId) {
                return "sensor-group/" + groupId;
            }
        };
    }

    public SensorGroups groups() {
        return groups;
    }

    /** Each sensor's group's settings, and the {@code CollectionSettings} ingest asks. */
    public GroupRules rules() {
        return rules;
    }

    /**
     * The group, site, throttle and data-sharing routes (builds and installers: {@link InstallerAssembly}). Teams are assembled after the sensors
     * (they name groups), so a group's {@code team_access} is given here, when routes are added, not at construction.
     */
    public RestRoutes routes(TeamAccess teams, IntFunction<List<String>> filtersNaming) {
        return router -> {
            GroupApi groupApi = new GroupApi(groups, registry, teams, filtersNaming);
            groupApi.register(router);
            new SiteApi(sites, groups).register(router);
            new DataSharingApi(sites, groupApi).register(router);
        };
    }
}
