import { useParams } from "react-router";
import { LiveConsole } from "./LiveConsole";
import { LiveHome } from "./LiveHome";
import "./live.css";

/** `/live`: sessions and sensors; `/live/<sensorId>`: a terminal on the sensor. */
export default function LivePage() {
  const { sensorId } = useParams();
  const id = Number(sensorId);
  if (sensorId !== undefined && Number.isInteger(id) && id > 0) return <LiveConsole key={id} sensorId={id} />;
  return <LiveHome />;
}
