import { PageTitle } from "../../components/common";

export default function SensorsPage() {
  return <PageTitle>Sensors</PageTitle>;
}
