// The ALTCHA widget from this server (no third party): the "external" build carries no workers,
// so the proof-of-work worker is registered here, from our own static files (the CSP allows only 'self').
(function () {
  "use strict";
  var me = document.currentScript;
  var worker = me && me.dataset.worker;
  if (!worker || !window.$altcha) { return; }
  ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"].forEach(function (name) {
    window.$altcha.algorithms.set(name, function () { return new Worker(worker); });
  });
})();
