import { render, screen } from "@testing-library/react";
import { FacetChart } from "./FacetChart";

// The chart library's chunk fails to arrive, as after an upgrade of the server under an open tab.
vi.mock("./echarts", () => {
  throw new TypeError("Failed to fetch dynamically imported module: /assets/echarts-OLD.js");
});

it("says so when the chart library cannot be loaded, and points to the values listed instead", async () => {
  render(<FacetChart entries={[{ name: "svchost.exe", value: 3, ratio: 100, percent: 100 }]} labels={["svchost.exe"]} onPick={() => undefined} />);
  expect(await screen.findByText(/The chart could not be loaded/)).toHaveTextContent("its values are listed below");
});
