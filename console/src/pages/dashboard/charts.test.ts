import type { FacetEntry, IngestRate } from "../../api/dashboard";
import {
  formatRate,
  ingestOption,
  ingestSeries,
  severityOption,
  severityOverTime,
  topFeeds,
  topWatchlists,
  type Palette,
} from "./charts";

const f = (name: string, value: number): FacetEntry => ({ name, value, percent: 0, ratio: 0 });
const palette: Palette = {
  text: "#111",
  muted: "#555",
  border: "#ccc",
  surface: "#fff",
  accent: "#00f",
  danger: "#f00",
  warn: "#fa0",
  ok: "#0a0",
};

describe("dashboard figures", () => {
  it("merge each severity band's days on one axis", () => {
    const data = severityOverTime({
      high: [f("2026-12-07T00:00:00Z", 1), f("2026-12-08T00:00:00Z", 2)],
      medium: [f("2026-12-08T00:00:00Z", 87)],
      low: [f("2026-12-06T00:00:00Z", 0)],
    });
    expect(data.days).toEqual(["2026-12-06T00:00:00Z", "2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z"]);
    expect(data.bands.map((b) => [b.key, b.counts, b.total])).toEqual([
      ["high", [0, 1, 2], 3],
      ["medium", [0, 0, 87], 87],
      ["low", [0, 0, 0], 0],
    ]);
  });

  it("draw the bands as stacked bars in the theme's colours", () => {
    const data = severityOverTime({ high: [f("2026-12-08T00:00:00Z", 2)], medium: [], low: [] });
    const option = severityOption(data, palette);
    expect(option.series.map((s) => [s.name, s.stack, s.data, s.itemStyle.color])).toEqual([
      ["High (70–100)", "alerts", [2], "#f00"],
      ["Medium (40–69)", "alerts", [0], "#fa0"],
      ["Low (0–39)", "alerts", [0], "#00f"],
    ]);
    expect(option.xAxis.axisLabel.color).toBe("#555");
    expect(option.aria.enabled).toBe(true);
  });

  it("give the ingest rate per minute, the running minute scaled", () => {
    const rate: IngestRate = {
      interval_seconds: 60,
      events_indexed_total: 2000,
      events_per_second: 20,
      intervals: [
        { start: "2026-12-08T10:00:00Z", end: "2026-12-08T10:01:00Z", events: 1200, events_per_second: 20 },
        { start: "2026-12-08T10:01:00Z", end: "2026-12-08T10:01:30Z", events: 15, events_per_second: 0.5 },
      ],
    };
    expect(ingestSeries(rate)).toEqual({ times: ["2026-12-08T10:01:00Z", "2026-12-08T10:01:30Z"], perMinute: [1200, 30] });
    const option = ingestOption(ingestSeries(rate), palette);
    expect(option.series[0].data).toEqual([1200, 30]);
    expect(option.series[0].lineStyle.color).toBe("#00f");
    expect(formatRate(0.5)).toBe("0.50");
    expect(formatRate(20)).toBe("20.0");
    expect(formatRate(1234.4)).toBe((1234).toLocaleString());
  });

  it("rank watchlists by their hits and leave out those without", () => {
    const w = (name: string, total_hits: string) => ({ id: name, name, total_hits });
    expect(topWatchlists([w("a", "3"), w("b", "87"), w("c", "0"), w("d", "not a number"), w("e", "3")], 3)).toEqual([
      { name: "b", hits: 87 },
      { name: "a", hits: 3 },
      { name: "e", hits: 3 },
    ]);
  });

  it("rank feeds by the alerts they raised, without the watchlists' 'My Watchlists'", () => {
    expect(topFeeds([f("My Watchlists", 87), f("abusech", 4), f("tor", 9), f("empty", 0)])).toEqual([
      { name: "tor", hits: 9 },
      { name: "abusech", hits: 4 },
    ]);
    expect(topFeeds(undefined)).toEqual([]);
  });
});
