/* Naungan in the field: installable app, offline drafts, Web Push.

   - Registers the service worker (static assets and identity-free form shells only).
   - A form marked data-offline="<kind>" that is submitted without a connection is kept on this
     device, encrypted (AES-GCM, Web Crypto) with the key the server handed to this session, in
     IndexedDB, and sent when the connection returns, with a client id so a resend stores nothing
     twice. The server re-validates; conflicts go to the "Perlu diselesaikan" list.
   - Logout wipes the drafts, the keys, the stored shells and this browser's push subscription.
     Another officer signing in on the same phone wipes the previous officer's drafts too. */
(function () {
  "use strict";
  var script = document.getElementById("naungan-field");
  if (!script) return;
  var cfg = script.dataset;
  // The messages come from the page, translated by Django (naungan/field/strings.py): Indonesian
  // first, English when the officer reads Naungan in English. "{n}" stands for a number.
  var strings = document.getElementById("naungan-field-strings");
  var S = strings ? JSON.parse(strings.textContent) : {};
  function count(msg) { return function (n) { return String(msg || "").replace("{n}", n); }; }
  var T = {};
  Object.keys(S).forEach(function (k) { T[k] = S[k]; });
  ["queued", "pending", "sending", "confirmLogout"].forEach(function (k) { T[k] = count(S[k]); });

  var canDraft = !!(window.indexedDB && window.crypto && crypto.subtle && window.idb);
  var dbp = canDraft ? idb.openDB("naungan-field", 1, {
    upgrade: function (db) {
      db.createObjectStore("keys", { keyPath: "id" });
      db.createObjectStore("drafts", { keyPath: "client_id" });
      db.createObjectStore("meta");
    }
  }) : null;

  // --- messages on the page ---------------------------------------------------------------
  function box() {
    var el = document.getElementById("field-status");
    if (!el) {
      el = document.createElement("div");
      el.id = "field-status";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      var main = document.querySelector("main") || document.body;
      main.insertBefore(el, main.firstChild);
    }
    return el;
  }
  function say(text, kind, link) {
    var p = document.createElement("article");
    p.className = "msg msg-" + (kind || "info") + " field-msg";
    p.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      p.appendChild(document.createTextNode(" "));
      p.appendChild(a);
    }
    var el = box();
    el.appendChild(p);
    while (el.children.length > 3) el.removeChild(el.firstChild);  // the latest steps only
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  // --- keys ---------------------------------------------------------------------------------
  function b64bytes(s) {
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  async function wipe() {
    if (dbp) {
      var db = await dbp;
      await db.clear("drafts");
      await db.clear("keys");
      await db.clear("meta");
    }
    if (window.caches) await caches.delete("naungan-shells");
  }

  async function refreshKey() {
    // Only a signed-in page asks for the key; the key never leaves this browser's IndexedDB,
    // where it is stored as a non-extractable CryptoKey.
    if (cfg.signedIn !== "1" || !navigator.onLine) return;
    var db = await dbp;
    var r = await fetch(cfg.keyUrl, { credentials: "same-origin", redirect: "error", headers: { "Accept": "application/json" } });
    if (!r.ok) return;
    var k = await r.json();
    var owner = await db.get("meta", "owner");
    if (owner && owner !== k.owner) await wipe();  // another officer on this phone
    db = await dbp;
    await db.put("meta", k.owner, "owner");
    if (!(await db.get("keys", k.key_id))) {
      var key = await crypto.subtle.importKey("raw", b64bytes(k.key), "AES-GCM", false, ["encrypt", "decrypt"]);
      await db.put("keys", { id: k.key_id, key: key, created: Date.now() });
    }
    await db.put("meta", k.key_id, "current");
    if (window.caches && cfg.shells && (await db.get("meta", "shells")) !== k.key_id) {
      var cache = await caches.open("naungan-shells");
      var urls = cfg.shells.split(" ").filter(Boolean);
      for (var i = 0; i < urls.length; i++) {
        try {
          var resp = await fetch(urls[i], { credentials: "same-origin", redirect: "error" });
          if (resp.ok) await cache.put(urls[i], resp);
        } catch (e) { /* not for this role */ }
      }
      await db.put("meta", k.key_id, "shells");
    }
  }

  async function currentKey() {
    var db = await dbp;
    var id = await db.get("meta", "current");
    return id ? db.get("keys", id) : null;
  }

  async function pendingCount() {
    return dbp ? (await dbp).count("drafts") : 0;
  }

  // --- drafts -------------------------------------------------------------------------------
  async function seal(key, obj) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, key.key, new TextEncoder().encode(JSON.stringify(obj)));
    return { iv: iv, ct: ct };
  }
  async function unseal(key, d) {
    var pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: d.iv }, key.key, d.ct);
    return JSON.parse(new TextDecoder().decode(pt));
  }

  async function keepDraft(form, submitter) {
    var key = await currentKey();
    if (!key) { say(T.noKey, "error"); return; }
    var fields = [];
    new FormData(form, submitter || undefined).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    var target = form.dataset.offlineTarget ? Number(form.dataset.offlineTarget) : null;
    var sealed = await seal(key, { fields: fields, target_id: target, drafted_at: new Date().toISOString() });
    var db = await dbp;
    await db.put("drafts", { client_id: crypto.randomUUID(), key_id: key.id, kind: form.dataset.offline, iv: sealed.iv, ct: sealed.ct, created: Date.now() });
    form.reset();
    say(T.queued(await pendingCount()), "info");
    window.scrollTo(0, 0);
  }

  var syncing = false;
  async function sync() {
    if (!dbp || syncing || !navigator.onLine) return;
    syncing = true;
    try {
      var db = await dbp;
      var drafts = await db.getAll("drafts");
      if (!drafts.length) return;
      say(T.sending(drafts.length), "info");
      for (var i = 0; i < drafts.length; i++) {
        var d = drafts[i];
        var key = await db.get("keys", d.key_id);
        if (!key) { await db.delete("drafts", d.client_id); continue; }
        var body = await unseal(key, d);
        var r;
        try {
          r = await fetch(cfg.syncUrl, {
            method: "POST", credentials: "same-origin", redirect: "error",
            headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify({ client_id: d.client_id, kind: d.kind, fields: body.fields, target_id: body.target_id, drafted_at: body.drafted_at })
          });
        } catch (e) { say(T.stillOffline, "warning"); return; }
        if (r.status === 401 || r.status === 403) { say(T.loginAgain, "warning", { href: cfg.loginUrl, text: T.login }); return; }
        if (!r.ok) { say(T.failed, "error"); continue; }
        var out = await r.json();
        await db.delete("drafts", d.client_id);
        say(out.message, out.state === "stored" ? "success" : "warning",
            out.url ? { href: out.url, text: out.state === "stored" ? T.open : T.resolve } : null);
      }
    } finally {
      syncing = false;
    }
  }

  // --- forms and logout -----------------------------------------------------------------------
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (cfg.logoutUrl && form.getAttribute("action") === cfg.logoutUrl) {
      if (form.dataset.wiped) return;
      ev.preventDefault();
      pendingCount().then(function (n) {
        if (n && !window.confirm(T.confirmLogout(n))) return null;
        return pushOff(true).catch(function () {}).then(wipe).then(function () {
          if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "wipe" });
          form.dataset.wiped = "1";
          form.submit();
        });
      });
      return;
    }
    if (!form.dataset.offline || !canDraft || navigator.onLine) return;
    ev.preventDefault();
    keepDraft(form, ev.submitter);
  }, true);

  window.addEventListener("offline", function () { say(T.offline, "warning"); });
  window.addEventListener("online", function () { say(T.online, "info"); sync(); });

  // --- push -----------------------------------------------------------------------------------
  function appKey(s) {
    var pad = "=".repeat((4 - (s.length % 4)) % 4);
    return b64bytes((s + pad).replace(/-/g, "+").replace(/_/g, "/"));
  }
  async function registration() {
    return navigator.serviceWorker ? navigator.serviceWorker.ready : null;
  }
  async function pushOn() {
    var state = document.getElementById("push-state");
    if (!("PushManager" in window) || !navigator.serviceWorker) { state.textContent = T.pushUnsupported; return; }
    var info = await (await fetch(cfg.pushKeyUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })).json();
    if (!info.enabled || !info.may_subscribe) return;
    if ((await Notification.requestPermission()) !== "granted") { state.textContent = T.pushDenied; return; }
    var reg = await registration();
    var sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: appKey(info.public_key) });
    var json = sub.toJSON();
    var r = await fetch(cfg.pushUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ endpoint: json.endpoint, keys: json.keys })
    });
    state.textContent = r.ok ? T.pushOn : T.pushOff;
  }
  async function pushOff(silent) {
    if (!navigator.serviceWorker) return;
    var reg = await navigator.serviceWorker.getRegistration();
    var sub = reg && reg.pushManager ? await reg.pushManager.getSubscription() : null;
    if (sub) {
      await fetch(cfg.pushUrl, {
        method: "DELETE", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() }, body: JSON.stringify({ endpoint: sub.endpoint })
      });
      await sub.unsubscribe();
    }
    var state = document.getElementById("push-state");
    if (!silent && state) state.textContent = T.pushOff;
  }
  var on = document.getElementById("push-enable"), off = document.getElementById("push-disable");
  if (on) on.addEventListener("click", function () { pushOn().catch(function () { document.getElementById("push-state").textContent = T.pushUnsupported; }); });
  if (off) off.addEventListener("click", function () { pushOff(false); });

  // A form opened from the device's copy carries the time it was stored: the time a complaint
  // was received is now.
  function stampNow() {
    var d = new Date(), pad = function (n) { return String(n).padStart(2, "0"); };
    var now = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
    document.querySelectorAll("form[data-offline] input[name=received_at]").forEach(function (el) { el.value = now; });
  }

  // --- start ------------------------------------------------------------------------------------
  if (!navigator.onLine) stampNow();
  if (navigator.serviceWorker && cfg.swUrl) navigator.serviceWorker.register(cfg.swUrl, { scope: "/" }).catch(function () {});
  (async function () {
    if (!canDraft) return;
    try { await refreshKey(); } catch (e) { /* offline or signed out: keep what is stored */ }
    var n = await pendingCount();
    if (!navigator.onLine) say(n ? T.pending(n) : T.offline, "warning");
    document.documentElement.dataset.fieldReady = "1";
    await sync();
  })();
})();
