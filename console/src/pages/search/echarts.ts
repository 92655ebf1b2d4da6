// ECharts, tree-shaken to what the facet charts draw: bar charts on a cartesian grid, on canvas. This module is
// imported dynamically, so the library is a chunk of its own, fetched when the first facet chart mounts.
import { init, use } from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([BarChart, GridComponent, CanvasRenderer]);

export { init };
export type { EChartsType } from "echarts/core";
