/* Annual report supervision: trend charts (ECharts). The same numbers are in the table below
   each chart, so the page works without JavaScript. No inline scripts (CSP). */
(function () {
  "use strict";
  var node = document.getElementById("trend-data");
  if (!node || !window.echarts) { return; }
  var d = JSON.parse(node.textContent);
  var years = d.years.map(function (y) { return y + "年"; });
  var title = function (text) { return { text: text, left: "center", textStyle: { fontSize: 14 } }; };
  var replies = window.echarts.init(document.getElementById("chart-replies"));
  replies.setOption({
    title: title("依申请公开办理结果（件）"),
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { top: 40, bottom: 70 },
    xAxis: { type: "category", data: years },
    yAxis: { type: "value" },
    series: Object.keys(d.replies).map(function (name) {
      return { name: name, type: "bar", stack: "replies", data: d.replies[name] };
    })
  });
  var decisions = window.echarts.init(document.getElementById("chart-decisions"));
  decisions.setOption({
    title: title("行政许可、行政处罚决定数量"),
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, data: ["行政许可", "行政处罚"] },
    grid: { top: 60, bottom: 50 },
    xAxis: { type: "category", data: years },
    yAxis: [{ type: "value", name: "行政许可" }, { type: "value", name: "行政处罚" }],
    series: [
      { name: "行政许可", type: "bar", data: d.licensing, itemStyle: { color: "#1f4e8c" } },
      { name: "行政处罚", type: "line", yAxisIndex: 1, data: d.penalty, itemStyle: { color: "#b0191e" } }
    ]
  });
  var timeliness = window.echarts.init(document.getElementById("chart-timeliness"));
  timeliness.setOption({
    title: title("年报按期发布与依申请按期答复率"),
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, data: ["按期发布", "逾期发布", "发布日期未知", "未发布", "按期答复率（%）"] },
    grid: { top: 60, bottom: 70 },
    xAxis: { type: "category", data: years },
    yAxis: [{ type: "value", name: "机关数" }, { type: "value", name: "%", min: 0, max: 100 }],
    series: [
      { name: "按期发布", type: "bar", stack: "pub", data: d.on_time, itemStyle: { color: "#1d6b2f" } },
      { name: "逾期发布", type: "bar", stack: "pub", data: d.late, itemStyle: { color: "#c77700" } },
      { name: "发布日期未知", type: "bar", stack: "pub", data: d.unknown, itemStyle: { color: "#8a94a3" } },
      { name: "未发布", type: "bar", stack: "pub", data: d.missing, itemStyle: { color: "#b0191e" } },
      { name: "按期答复率（%）", type: "line", yAxisIndex: 1, data: d.reply_rate, itemStyle: { color: "#1f4e8c" } }
    ]
  });
})();
