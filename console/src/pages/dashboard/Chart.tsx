import { useEffect, useRef, useState } from "react";
import { readPalette, type Palette } from "./charts";
import type { EChartsType } from "./echarts";

/**
 * An ECharts chart, loaded on first use, drawn again when the data or the theme changes and resized with its box.
 * `label` describes it for screen readers (the figures it shows are also written as text in the tile).
 */
export function Chart({
  option,
  label,
  height = 220,
}: {
  option: (palette: Palette) => Record<string, unknown>;
  label: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme ?? "");
  const [failed, setFailed] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const watch = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? ""));
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    return () => watch.disconnect();
  }, []);

  useEffect(() => {
    let gone = false;
    let resize: ResizeObserver | null = null;
    import("./echarts")
      .then(({ init }) => {
        if (gone || !box.current) return;
        const c = init(box.current, undefined, { renderer: "svg" });
        chart.current = c;
        if (typeof ResizeObserver !== "undefined") {
          resize = new ResizeObserver(() => c.resize());
          resize.observe(box.current);
        }
        setReady(true);
      })
      .catch((e: unknown) => !gone && setFailed(e instanceof Error ? e.message : String(e)));
    return () => {
      gone = true;
      resize?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option(readPalette()), { notMerge: true });
  }, [ready, theme, option]);

  return (
    <>
      <div ref={box} className="dash-chart" style={{ height }} role="img" aria-label={label} />
      {failed && <p className="error">The chart could not be drawn: {failed}</p>}
    </>
  );
}
