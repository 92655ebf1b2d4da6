import { useNavigate, useParams } from "react-router";
import { usePermissions } from "../../api/session";
import { PageTitle, Tabs } from "../../components/common";
import NotFoundPage from "../NotFoundPage";
import { AuditPanel } from "./AuditPanel";
import { BansPanel } from "./BansPanel";
import { TeamsPanel } from "./TeamsPanel";
import { UsersPanel } from "./UsersPanel";

const TABS = [
  { key: "users", label: "Users" },
  { key: "teams", label: "Teams" },
  { key: "audit", label: "Audit log" },
  { key: "bans", label: "Banned hashes" },
] as const;
type Tab = (typeof TABS)[number]["key"];
const KEYS: string[] = TABS.map((t) => t.key);

/** Administration (/#/admin/users|teams|audit|bans): global administrators only, as the server has it. */
export default function AdminPage() {
  const { tab = "users" } = useParams();
  const navigate = useNavigate();
  const { globalAdmin } = usePermissions();
  if (!KEYS.includes(tab)) return <NotFoundPage />;
  if (!globalAdmin) {
    return (
      <div className="ui-page">
        <PageTitle>Administration</PageTitle>
        <p>Administration is for global administrators. Your own account and API token are on your account page.</p>
      </div>
    );
  }
  const active = tab as Tab;
  return (
    <div className="ui-page">
      <PageTitle>Administration</PageTitle>
      <Tabs tabs={[...TABS]} active={active} onChange={(k) => navigate(`/admin/${k}`)} label="Administration" />
      <div role="tabpanel" aria-labelledby={`tab-${active}`}>
        {active === "users" && <UsersPanel />}
        {active === "teams" && <TeamsPanel />}
        {active === "audit" && <AuditPanel />}
        {active === "bans" && <BansPanel />}
      </div>
    </div>
  );
}
