/* The pages' ECharts: only the chart types and components charts.js uses, bundled by
   `manage.py vendor_assets` with esbuild into .var/vendor/echarts.custom.min.js
   (ui/assets.py). A chart kind or option that needs another part of ECharts adds it
   here: no chart draws a pie or a legend, so neither is in (37 KB less). The toolbox is
   installed with its "save as image" button alone: ECharts' own ToolboxComponent brings
   every feature and the whole dataZoom component with them. */
import {init, use, getInstanceByDom} from "echarts/core";
import {BarChart, LineChart} from "echarts/charts";
import {GridComponent, TitleComponent, TooltipComponent} from "echarts/components";
import {CanvasRenderer} from "echarts/renderers";
import ToolboxModel from "echarts/lib/component/toolbox/ToolboxModel.js";
import ToolboxView from "echarts/lib/component/toolbox/ToolboxView.js";
import {registerFeature} from "echarts/lib/component/toolbox/featureManager.js";
import SaveAsImage from "echarts/lib/component/toolbox/feature/SaveAsImage.js";

function SaveAsImageToolbox(registers) {
  registers.registerComponentModel(ToolboxModel);
  registers.registerComponentView(ToolboxView);
  registerFeature("saveAsImage", SaveAsImage);
}

use([BarChart, LineChart, GridComponent, TitleComponent, TooltipComponent, SaveAsImageToolbox,
  CanvasRenderer]);

window.echarts = {init: init, getInstanceByDom: getInstanceByDom};
