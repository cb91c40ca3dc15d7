// "Keluar cepat": leave for a neutral site at once, by the button or the Esc key. location.replace
// swaps the current history entry, so Back does not bring the report page up again.
(function () {
  "use strict";
  function leave(ev) {
    var link = document.getElementById("quick-exit");
    if (!link) return;
    if (ev) ev.preventDefault();
    try { document.body.hidden = true; document.title = ""; } catch (e) { /* keep going */ }
    window.location.replace(link.getAttribute("data-exit-url") || link.href);
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target && ev.target.closest ? ev.target.closest("#quick-exit") : null;
    if (t) leave(ev);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" || ev.key === "Esc") leave(ev);
  });
})();
