import { useNavigate, useParams } from "react-router";
import { usePermissions } from "../../api/session";
import { PageTitle, Tabs } from "../../components/common";
import NotFoundPage from "../NotFoundPage";
import { FeedsPanel } from "./FeedsPanel";
import { WatchlistsPanel } from "./WatchlistsPanel";
import "./intel.css";

const TABS = [
  { key: "feeds", label: "Feeds" },
  { key: "watchlists", label: "Watchlists" },
] as const;
type Tab = (typeof TABS)[number]["key"];

/** Threat intelligence (/#/intel/feeds, /#/intel/watchlists): everyone reads; global administrators change. */
export default function IntelPage() {
  const { tab = "feeds" } = useParams();
  const navigate = useNavigate();
  const { globalAdmin } = usePermissions();
  if (tab !== "feeds" && tab !== "watchlists") return <NotFoundPage />;
  const active = tab as Tab;
  return (
    <div className="ui-page">
      <PageTitle>Threat intelligence</PageTitle>
      <Tabs tabs={[...TABS]} active={active} onChange={(k) => navigate(`/intel/${k}`)} label="Threat intelligence" />
      <div role="tabpanel" aria-labelledby={`tab-${active}`}>
        {active === "feeds" ? <FeedsPanel canChange={globalAdmin} /> : <WatchlistsPanel canChange={globalAdmin} />}
      </div>
    </div>
  );
}
