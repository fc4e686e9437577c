/* The pages' ECharts charts. A chart is an element with data-chart="<kind>" and
   data-chart-data="<id of a json_script element>"; texts come in data-* attributes
   (translated by the template). Drawn on load and after every htmx swap. */
(function () {
  "use strict";

  function chartOf(box) {
    return window.echarts.getInstanceByDom(box) || window.echarts.init(box);
  }

  function saveAsImage(box, name) {
    return {feature: {saveAsImage: {title: box.getAttribute("data-save-title") || "", name: name}}};
  }

  var draw = {
    "sector-pie": function (box, data) {
      if (!data.length) return;
      chartOf(box).setOption({tooltip: {trigger: "item"},
        series: [{type: "pie", radius: ["35%", "70%"], data: data}]}, true);
    },
    "unit-reports": function (box, charts) {
      var labels = JSON.parse(box.getAttribute("data-labels"));
      var completion = box.getAttribute("data-completion-label");
      charts.forEach(function (c) {
        var el = document.getElementById(c.id);
        if (!el) return;
        chartOf(el).setOption({tooltip: {}, xAxis: {type: "category", data: labels},
          yAxis: {type: "value", minInterval: 1},
          title: {text: c.completion === null ? "" : completion + " " + c.completion + "%", textStyle: {fontSize: 12}},
          series: [{type: "bar", data: c.data}]}, true);
      });
    },
    "league": function (box, d) {
      chartOf(box).setOption({
        title: {text: d.title, textStyle: {fontSize: 13}},
        toolbox: saveAsImage(box, "benchmark"),
        tooltip: {trigger: "axis"}, grid: {left: 90, right: 20},
        xAxis: {type: "value"}, yAxis: {type: "category", inverse: true, data: d.names},
        series: [{type: "bar", data: d.scores.map(function (v, i) {
          return {value: v, itemStyle: {color: d.leading[i] ? "#c0392b" : "#5470c6"}};
        })}]
      }, true);
    },
    "trend": function (box, d) {
      chartOf(box).setOption({
        toolbox: saveAsImage(box, "trends"),
        tooltip: {trigger: "axis"}, legend: {type: "scroll", bottom: 0},
        xAxis: {type: "category", data: d.periods}, yAxis: {type: "value"},
        series: d.series.map(function (s) { return {name: s.name, type: "line", data: s.values}; })
      }, true);
    },
    "gap": function (box, d) {
      chartOf(box).setOption({
        toolbox: saveAsImage(box, "catch-up"),
        tooltip: {}, grid: {left: 200, right: 20}, xAxis: {type: "value", name: "%"},
        yAxis: {type: "category", inverse: true, data: d.names}, series: [{type: "bar", data: d.shares}]
      }, true);
    }
  };

  function drawAll() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart-data"));
      var kind = draw[box.getAttribute("data-chart")];
      if (source && kind) kind(box, JSON.parse(source.textContent));
    });
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSwap", drawAll);
})();
