// Draws the dashboard charts from the JSON the page embeds (no inline script: CSP).
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("chart-data");
  if (!data || typeof Chart === "undefined") { return; }
  JSON.parse(data.textContent).forEach(function (c) {
    var el = document.getElementById("chart-" + c.id);
    if (!el) { return; }
    new Chart(el, {
      type: c.type,
      data: { labels: c.labels, datasets: [{ label: el.dataset.title, data: c.values, borderColor: "#b3261e",
              backgroundColor: c.type === "line" ? "rgba(179,38,30,.15)" : "#1f6feb", fill: c.type === "line", tension: .2 }] },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });
});
