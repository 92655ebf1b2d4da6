import { PageTitle } from "../../components/common";

export default function SensorPage() {
  return <PageTitle>Sensor</PageTitle>;
}
