/* 双公示 pages: the import progress poll and the quality charts (no inline scripts: CSP). */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var state = box.querySelector(".job-state");
    var rows = box.querySelector(".job-rows");
    var phase = box.querySelector(".job-phase");
    var poll = function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          bar.value = d.percent;
          bar.textContent = d.percent + "%";
          state.textContent = d.label;
          rows.textContent = "已处理 " + d.rows + " 行";
          phase.textContent = d.phase || "";
          if (d.finished || d.interrupted) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    window.setTimeout(poll, 500);
  }
  var data = document.getElementById("quality-data");
  if (data && window.echarts) {
    var d = JSON.parse(data.textContent);
    var volume = window.echarts.init(document.getElementById("chart-volume"));
    volume.setOption({
      title: { text: "每月报送记录数", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value" },
      series: [{ name: "报送", type: "bar", data: d.reported, itemStyle: { color: "#1f4e8c" } }]
    });
    volume.on("click", function (p) {
      window.location.href = d.records_url + "?month=" + d.links[p.dataIndex] + "&late=1";
    });
    var rates = window.echarts.init(document.getElementById("chart-rates"));
    rates.setOption({
      title: { text: "迟报率与合规率（%）", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { top: 24, data: ["迟报率", "合规率"] },
      grid: { top: 60 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [
        { name: "迟报率", type: "line", data: d.late_rate, itemStyle: { color: "#b0191e" } },
        { name: "合规率", type: "line", data: d.compliance, itemStyle: { color: "#1d6b2f" } }
      ]
    });
    rates.on("click", function (p) {
      var filter = p.seriesName === "迟报率" ? "&late=1" : "&invalid=1";
      window.location.href = d.records_url + "?month=" + d.links[p.dataIndex] + filter;
    });
  }
})();
