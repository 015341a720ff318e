/* Dashboards: the monthly trend (line chart) and the tile-grid map of the 34 provinces.
   Data come from json_script elements rendered by the server; tables beside the charts carry
   the same figures for screen readers and printing. Re-drawn after an htmx swap. */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function chart(el) {
    var old = window.echarts.getInstanceByDom(el);
    if (old) { old.dispose(); }
    var made = window.echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { made.resize(); });
    return made;
  }

  function drawTrend() {
    var el = document.getElementById("trend-chart");
    var trend = data("trend-data");
    if (!el || !trend) { return; }
    var labels = trend.months.map(function (m) { return m.label; });
    var series = [{
      name: trend.total_label, type: "line", data: trend.months.map(function (m) { return m.total; }),
      lineStyle: { width: 3 }, symbolSize: 7, z: 3
    }];
    trend.groups.forEach(function (name, i) {
      series.push({ name: name, type: "line", data: trend.months.map(function (m) { return m.groups[i]; }), symbolSize: 4 });
    });
    chart(el).setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", min: 0, max: 100 },
      series: series
    });
  }

  function value(tile, measure) {
    var v = tile[measure];
    return v === null || v === undefined ? null : Number(v);
  }

  function drawMap() {
    var el = document.getElementById("map-chart");
    var map = data("map-data");
    if (!el || !map) { return; }
    var select = document.getElementById("map-measure");
    var made = chart(el);

    function render() {
      var measure = select ? select.value : "total";
      var label = select ? select.options[select.selectedIndex].text : "";
      var values = map.tiles.map(function (t) { return value(t, measure); }).filter(function (v) { return v !== null; });
      var max = values.length ? Math.max.apply(null, values) : 1;
      var min = values.length ? Math.min.apply(null, values) : 0;
      if (measure === "total" || /_rate$/.test(measure)) { min = Math.min(min, 0); max = Math.max(max, measure === "total" ? 100 : 1); }
      if (max === min) { max = min + 1; }
      var cols = [], rows = [];
      for (var c = 0; c < map.cols; c++) { cols.push(c); }
      for (var r = 0; r < map.rows; r++) { rows.push(r); }
      var reversed = measure === "overdue";  // more overdue is worse: red at the top
      made.setOption({
        animation: false,
        tooltip: {
          formatter: function (p) {
            var v = p.value[2];
            return p.value[4] + "<br>" + label + ": " + (v === null || isNaN(v) ? map.no_data : v);
          }
        },
        grid: { left: 4, right: 4, top: 4, bottom: 60 },
        xAxis: { type: "category", data: cols, show: false },
        yAxis: { type: "category", data: rows, inverse: true, show: false },
        visualMap: {
          min: min, max: max, dimension: 2, seriesIndex: 0, calculable: true, orient: "horizontal",
          left: "center", bottom: 0, text: [String(Math.round(max * 100) / 100), String(Math.round(min * 100) / 100)],
          inRange: { color: reversed ? ["#d1e7dd", "#ffc107", "#dc3545"] : ["#dc3545", "#ffc107", "#198754"] }
        },
        series: [{
          type: "custom",
          coordinateSystem: "cartesian2d",
          encode: { x: 0, y: 1, tooltip: [2] },
          data: map.tiles.map(function (t) {
            var v = value(t, measure);
            return { value: [t.col, t.row, v === null ? NaN : v, t.code, t.name], url: t.url };
          }),
          renderItem: function (params, api) {
            var p = api.coord([api.value(0), api.value(1)]);
            var size = api.size([1, 1]);
            var v = api.value(2);
            var name = String(api.value(4)).replace(/^Thành phố /, "");
            var text = name + "\n" + (isNaN(v) ? "—" : (Math.round(v * 10) / 10));
            return {
              type: "group",
              children: [
                { type: "rect", shape: { x: p[0] - size[0] / 2 + 1.5, y: p[1] - size[1] / 2 + 1.5, width: size[0] - 3, height: size[1] - 3, r: 3 },
                  style: { fill: isNaN(v) ? "#dee2e6" : api.visual("color"), stroke: "#fff" } },
                { type: "text", style: { text: text, x: p[0], y: p[1], align: "center", verticalAlign: "middle", fontSize: 10, fill: "#111", lineHeight: 12 } }
              ]
            };
          }
        }]
      }, true);
    }

    made.on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
    if (select) { select.onchange = render; }
    render();
  }

  function draw() {
    if (!window.echarts) { return; }
    drawTrend();
    drawMap();
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
