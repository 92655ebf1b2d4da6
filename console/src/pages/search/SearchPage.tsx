import { PageTitle } from "../../components/common";

export default function SearchPage() {
  return <PageTitle>Process search</PageTitle>;
}
