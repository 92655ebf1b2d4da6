import { PageTitle } from "../../components/common";

export default function DashboardPage() {
  return <PageTitle>Dashboard</PageTitle>;
}
