import { useEffect, useRef, useState } from "react";
import type { FacetEntry } from "../../api/process";
import type { EChartsType } from "./echarts";

/** The console's theme as set on <html data-theme>, followed as the user toggles it. */
function useThemeName(): string {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? "light");
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? "light"));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const BAR_HEIGHT = 22;

/** Height of a chart for `count` entries (bars) or a timeline. */
export function chartHeight(count: number, timeline: boolean): number {
  return timeline ? 130 : Math.max(1, count) * BAR_HEIGHT + 12;
}

function option(entries: FacetEntry[], timeline: boolean, labels: string[]) {
  const text = cssVar("--text", "#1b1f27");
  const muted = cssVar("--muted", "#4d5566");
  const accent = cssVar("--accent", "#1f5fbf");
  const border = cssVar("--border", "#d5d9e0");
  const values = entries.map((e) => e.value);
  if (timeline) {
    return {
      animation: false,
      grid: { left: 34, right: 8, top: 8, bottom: 22 },
      xAxis: {
        type: "category",
        data: labels,
        axisLabel: { color: muted, fontSize: 10 },
        axisLine: { lineStyle: { color: border } },
        axisTick: { show: false },
      },
      yAxis: {
        type: "value",
        minInterval: 1,
        axisLabel: { color: muted, fontSize: 10 },
        splitLine: { lineStyle: { color: border } },
      },
      series: [{ type: "bar", data: values, itemStyle: { color: accent }, barMaxWidth: 14, cursor: "pointer" }],
    };
  }
  return {
    animation: false,
    grid: { left: 4, right: 52, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: "value", show: false },
    yAxis: {
      type: "category",
      inverse: true,
      data: labels,
      axisLabel: { color: text, fontSize: 11, width: 100, overflow: "truncate" },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: "bar",
        data: values,
        barMaxWidth: 14,
        itemStyle: { color: accent, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: "right", color: muted, fontSize: 11 },
        cursor: "pointer",
      },
    ],
  };
}

/**
 * A facet drawn as a bar chart (ECharts, loaded on first use). Clicking a bar picks its entry. The canvas is hidden
 * from assistive technology: the facet card lists the same values as buttons.
 */
export function FacetChart({
  entries,
  labels,
  timeline = false,
  onPick,
}: {
  entries: FacetEntry[];
  labels: string[];
  timeline?: boolean;
  onPick: (entry: FacetEntry) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const theme = useThemeName();
  const latest = useRef({ entries, onPick });
  latest.current = { entries, onPick };

  useEffect(() => {
    let disposed = false;
    let resize: ResizeObserver | undefined;
    import("./echarts")
      .then(({ init }) => {
        if (disposed || !host.current) return;
        const c = init(host.current, undefined, { renderer: "canvas" });
        c.on("click", (p) => {
          const entry = latest.current.entries[p.dataIndex];
          if (entry) latest.current.onPick(entry);
        });
        resize = new ResizeObserver(() => c.resize());
        resize.observe(host.current);
        chart.current = c;
        setReady(true);
      })
      // The chart library's chunk did not arrive (the server was upgraded under this tab, or the network failed).
      .catch(() => !disposed && setFailed(true));
    return () => {
      disposed = true;
      resize?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready || !chart.current) return;
    chart.current.setOption(option(entries, timeline, labels), { notMerge: true });
    chart.current.resize();
  }, [ready, entries, labels, timeline, theme]);

  if (failed)
    return (
      <p className="muted facet-chart-failed">
        The chart could not be loaded (reload the page to try again); its values are listed below.
      </p>
    );
  return <div ref={host} className="facet-chart" aria-hidden="true" style={{ height: chartHeight(entries.length, timeline) }} />;
}
