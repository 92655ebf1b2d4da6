import { PageTitle } from "../../components/common";

export default function AlertsPage() {
  return <PageTitle>Alerts</PageTitle>;
}
