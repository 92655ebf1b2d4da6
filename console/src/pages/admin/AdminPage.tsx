import { PageTitle } from "../../components/common";

export default function AdminPage() {
  return <PageTitle>Administration</PageTitle>;
}
