import { PageTitle } from "../../components/common";

export default function AnalyzePage() {
  return <PageTitle>Process analysis</PageTitle>;
}
