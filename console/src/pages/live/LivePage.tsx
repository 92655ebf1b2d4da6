import { PageTitle } from "../../components/common";

export default function LivePage() {
  return <PageTitle>Live response</PageTitle>;
}
