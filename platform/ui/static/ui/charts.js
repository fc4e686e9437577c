/* The pages' ECharts charts. A chart is an element with data-chart="<kind>" and
   data-chart-data="<id of a json_script element>"; texts come in data-* attributes
   (translated by the template). Drawn after every htmx swap, and again when the window
   changes size (the layout depends on the width: label widths, columns).

   Light: this script comes alone (deferred) and fetches ECharts itself, named by its
   data-echarts attribute (ui/partials/chart_scripts.html), once the page has loaded and
   only if the page holds a chart: the page is read and used without waiting for 535 KB
   of script to compile, and the charts follow. They are drawn without animation, so what
   the performance mark "charts-drawn" (set when every chart of the page is on its canvas,
   read by benchmarks/pageweight.py) times is the finished picture.

   Readable by rule: every category label is shown (interval 0); categories go on the
   vertical axis of horizontal bars, wrapped to a width, and the chart grows taller with
   their number instead of hiding some; a trend is one small chart per indicator with its
   own scale and unit. Each chart has a table or a text beside it in the page. */
(function () {
  "use strict";

  var BUNDLE = document.currentScript && document.currentScript.getAttribute("data-echarts");
  var ROW = 30; // px per category of a horizontal bar chart
  var STATUS_COLOURS = ["#2e7d32", "#1565c0", "#b26a00", "#b42318", "#6b7280"];

  function chartOf(box) {
    return window.echarts.getInstanceByDom(box) || window.echarts.init(box);
  }

  // Drawn at once: ECharts' opening animation would keep the canvas unfinished for a second.
  function show(box, option) {
    option.animation = false;
    chartOf(box).setOption(option, true);
  }

  function saveAsImage(box, name) {
    return {right: 0, top: 0, feature: {saveAsImage: {title: box.getAttribute("data-save-title") || "", name: name}}};
  }

  function number(value) {
    if (value === null || value === undefined || value === "") return "—";
    var n = Number(value);
    if (!isFinite(n)) return String(value);
    if (Object.is(n, -0) || Math.abs(n) < 5e-5) n = 0;
    return n.toLocaleString(document.documentElement.lang || undefined, {maximumFractionDigits: 4});
  }

  // A category axis whose every label shows, wrapped to `width` px.
  function categories(labels, width) {
    return {type: "category", data: labels, inverse: true,
      axisTick: {alignWithLabel: true},
      axisLabel: {interval: 0, width: width, overflow: "break", lineHeight: 14}};
  }

  // Room for the labels: at most 40 % of the chart, at least 5 em.
  function labelWidth(box, labels) {
    var wanted = textWidth(labels, 12) + 4;
    return Math.max(64, Math.min(wanted, Math.round(box.clientWidth * 0.4)));
  }

  // The widest of some labels in px at a font size: CJK characters a full em, others about half.
  function textWidth(labels, size) {
    return labels.reduce(function (widest, label) {
      var w = 0;
      for (var i = 0; i < String(label).length; i++) w += String(label).charCodeAt(i) > 0x2e80 ? size : size * 0.6;
      return Math.max(widest, w);
    }, 0);
  }

  function fitHeight(box, count, above) {
    box.style.height = Math.max(160, count * ROW + above + 40) + "px";
  }

  // A title that wraps within the chart; returns the room it takes at the top.
  function title(box, text) {
    if (!text) return {option: {show: false}, height: 8};
    var width = box.clientWidth - 48; // the toolbox's button on the right
    var lines = Math.ceil(text.length * 13 / Math.max(width, 100));
    return {option: {text: text, left: 0, textStyle: {fontSize: 13, width: width, overflow: "break"}},
      height: 12 + lines * 18};
  }

  function horizontalBars(box, o) {
    var t = title(box, o.title);
    fitHeight(box, o.names.length, t.height);
    var width = labelWidth(box, o.names);
    return {
      title: t.option,
      toolbox: o.save ? saveAsImage(box, o.save) : undefined,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, valueFormatter: o.format || number},
      grid: {left: 8, right: 56, top: t.height + 8, bottom: 8, containLabel: true},
      xAxis: {type: "value", name: o.unit || "", nameLocation: "end", nameGap: 8,
        minInterval: o.integer ? 1 : 0, axisLabel: {hideOverlap: true}},
      yAxis: categories(o.names, width),
      series: [{type: "bar", data: o.data, barMaxWidth: 22,
        label: {show: true, position: "right", formatter: function (p) { return (o.format || number)(p.value); }}}]
    };
  }

  var draw = {
    "sector-pie": function (box, data) {
      // Named "pie" in its templates; drawn as sorted bars, where thirty sectors stay readable.
      if (!data.length) return;
      var sorted = data.slice().sort(function (a, b) { return b.value - a.value; });
      show(box, horizontalBars(box, {
        names: sorted.map(function (d) { return d.name; }),
        data: sorted.map(function (d) { return d.value; }),
        unit: box.getAttribute("data-unit") || "", integer: true
      }));
    },
    "unit-reports": function (box, charts) {
      var labels = JSON.parse(box.getAttribute("data-labels"));
      var completion = box.getAttribute("data-completion-label");
      charts.forEach(function (c) {
        var el = document.getElementById(c.id);
        if (!el) return;
        var option = horizontalBars(el, {
          title: c.completion === null ? "" : completion + " " + number(c.completion) + "%",
          names: labels, integer: true,
          data: c.data.map(function (v, i) { return {value: v, itemStyle: {color: STATUS_COLOURS[i]}}; })
        });
        show(el, option);
      });
    },
    "league": function (box, d) {
      show(box, horizontalBars(box, {
        title: d.title, save: "benchmark", names: d.names, unit: d.unit || "",
        data: d.scores.map(function (v, i) {
          return {value: v, itemStyle: {color: d.leading[i] ? "#b42318" : "#3f5fb5"}};
        })
      }));
    },
    "gap": function (box, d) {
      var percent = function (v) { return number(v) + "%"; };
      show(box, horizontalBars(box, {
        title: box.getAttribute("data-axis-label") || "", save: "catch-up",
        names: d.names, data: d.shares, format: percent
      }));
    },
    "trend": function (box, d) {
      // Small multiples: one line per indicator, each on its own scale, in as many
      // columns as fit (at least 260 px wide each), all in one canvas.
      var n = d.series.length;
      if (!n) { box.style.height = "0"; return; }
      var width = Math.max(box.clientWidth, 300);
      var narrow = width < 600, least = narrow ? 150 : 260;
      var columns = Math.max(1, Math.min(n, Math.floor(width / least)));
      var cell = width / columns, rows = Math.ceil(n / columns), height = narrow ? 170 : 190, head = 34;
      box.style.height = (rows * height + 28) + "px";
      var rotate = d.periods.length * (textWidth(d.periods, 11) + 8) > cell - 56 ? 45 : 0;
      head = narrow ? 44 : 34;
      var toolbox = saveAsImage(box, "trends");
      toolbox.top = "auto"; toolbox.bottom = 0;
      var option = {toolbox: toolbox, title: [], grid: [], xAxis: [], yAxis: [], series: [],
        tooltip: {trigger: "axis", valueFormatter: number}, axisPointer: {link: [{xAxisIndex: "all"}]}};
      d.series.forEach(function (s, i) {
        var col = i % columns, row = Math.floor(i / columns);
        var name = s.unit ? s.name + "（" + s.unit + "）" : s.name;
        option.title.push({text: name, left: col * cell + 8, top: row * height + 4,
          textStyle: {fontSize: 12, fontWeight: "normal", width: cell - 16, overflow: "break", lineHeight: 15}});
        option.grid.push({left: col * cell + 4, width: cell - 16, top: row * height + head,
          height: height - head - 12, containLabel: true});
        option.xAxis.push({type: "category", gridIndex: i, data: d.periods,
          axisLabel: {interval: 0, rotate: rotate, fontSize: 11}});
        option.yAxis.push({type: "value", gridIndex: i, scale: true, splitNumber: 3,
          axisLabel: {fontSize: 11, formatter: number}});
        option.series.push({name: name, type: "line", xAxisIndex: i, yAxisIndex: i, data: s.values,
          symbolSize: 6, connectNulls: false});
      });
      show(box, option);
    }
  };

  // ECharts, fetched once (an async script of this origin, as the CSP allows), then `then`.
  var waiting = null;
  function withEcharts(then) {
    if (window.echarts) { then(); return; }
    if (waiting) { waiting.push(then); return; }
    if (!BUNDLE) return;
    waiting = [then];
    var script = document.createElement("script");
    script.src = BUNDLE;
    script.async = true;
    script.onload = function () {
      var callbacks = waiting;
      waiting = null;
      callbacks.forEach(function (callback) { callback(); });
    };
    script.onerror = function () { waiting = null; }; // the tables beside the charts hold the figures
    document.head.appendChild(script);
  }

  function drawAll() {
    if (!document.querySelector("[data-chart]")) return;
    withEcharts(function () {
      document.querySelectorAll("[data-chart]").forEach(function (box) {
        var source = document.getElementById(box.getAttribute("data-chart-data"));
        var kind = draw[box.getAttribute("data-chart")];
        if (source && kind) kind(box, JSON.parse(source.textContent));
      });
      document.querySelectorAll("[_echarts_instance_]").forEach(function (el) {
        var chart = window.echarts.getInstanceByDom(el);
        if (chart) chart.resize();
      });
      if (window.performance && performance.mark) performance.mark("charts-drawn");
    });
  }

  var pending = null, lastWidth = window.innerWidth;
  window.addEventListener("resize", function () {
    if (window.innerWidth === lastWidth) return; // a phone's toolbar showing or hiding
    lastWidth = window.innerWidth;
    clearTimeout(pending);
    pending = setTimeout(drawAll, 150);
  });
  // After the load event: the page first, then ECharts. A deferred script runs before
  // the load event, so this usually waits for it; on a page already loaded, at once.
  if (document.readyState === "complete") drawAll();
  else window.addEventListener("load", drawAll);
  document.addEventListener("htmx:afterSwap", drawAll);
})();
