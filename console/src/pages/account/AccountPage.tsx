import { PageTitle } from "../../components/common";

export default function AccountPage() {
  return <PageTitle>Your account</PageTitle>;
}
