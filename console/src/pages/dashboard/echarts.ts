// ECharts with only what the dashboard draws (bars, a line, axes, tooltip, the aria description; the legend is the tile's own text), rendered
// as SVG; imported dynamically, so the dashboard's first paint does not wait for it.
import { init, use } from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

use([BarChart, LineChart, AriaComponent, GridComponent, TooltipComponent, SVGRenderer]);

export { init };
export type { EChartsType } from "echarts/core";
