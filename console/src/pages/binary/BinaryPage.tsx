import { PageTitle } from "../../components/common";

export default function BinaryPage() {
  return <PageTitle>Binary</PageTitle>;
}
