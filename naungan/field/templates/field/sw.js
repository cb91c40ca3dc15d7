/* Naungan service worker. It keeps only static assets and pages that hold no identity (the empty
   form shells and the offline page): pages behind login are never stored, because a phone may be
   shared. The shells are stored by the signed-in page and deleted at logout. */
"use strict";
const CONFIG = {{ config|safe }};
const STATIC_CACHE = "naungan-static-" + CONFIG.version;
const SHELL_CACHE = "naungan-shells";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE)
    .then((cache) => cache.addAll(CONFIG.assets.concat([CONFIG.offline])))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("naungan-static-") && k !== STATIC_CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode !== "navigate") return;
  // Network first, always: the stored copies are only for when there is no connection.
  event.respondWith(fetch(request).catch(async () => {
    const shell = CONFIG.shells[url.pathname];
    if (shell) {
      const hit = await caches.open(SHELL_CACHE).then((cache) => cache.match(shell));
      if (hit) return hit;
    }
    const offline = await caches.match(CONFIG.offline);
    return offline || Response.error();
  }));
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "wipe") event.waitUntil(caches.delete(SHELL_CACHE));
});

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "Naungan", {
    body: data.body || "", tag: data.tag || undefined, data: { url: data.url || "/" },
    icon: CONFIG.assets.find((a) => a.indexOf("icon-192") !== -1),
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  // Opens the page; without a session the login page comes first and then leads there.
  event.waitUntil(self.clients.openWindow(target.href));
});
