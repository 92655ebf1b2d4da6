import { PageTitle } from "../../components/common";

export default function IntelPage() {
  return <PageTitle>Threat intelligence</PageTitle>;
}
