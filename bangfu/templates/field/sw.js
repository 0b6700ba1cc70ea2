{% load static %}/* The field app's service worker (Workbox, served from our own static files).
   The app shell and the static files it needs are cached for offline use; the lists and the
   queue live in IndexedDB (field-store.js). Background Sync sends the queue when the
   connection returns, where the browser has it; otherwise the page sends it on open, on
   reconnect and on its button. */
importScripts("{% static 'vendor/workbox/workbox-sw.js' %}");
workbox.setConfig({ modulePathPrefix: "{% static 'vendor/workbox/' %}".replace(/\/$/, ""), debug: false });
importScripts("{% static 'field/field-store.js' %}", "{% static 'field/field-sync.js' %}");

var SHELL = "{% url 'field:app' %}";
var PAGES = "bangfu-field-pages";
var STATIC = "bangfu-field-static";
var ASSETS = [
  "{% static 'vendor/bootstrap/bootstrap.min.css' %}",
  "{% static 'vendor/bootstrap/bootstrap.bundle.min.js' %}",
  "{% static 'bangfu/bangfu.css' %}",
  "{% static 'django_htmx/htmx-4.min.js' %}",
  "{% static 'django_htmx/django-htmx.js' %}",
  "{% static 'field/field.css' %}",
  "{% static 'field/field-store.js' %}",
  "{% static 'field/field-sync.js' %}",
  "{% static 'field/field-forms.js' %}",
  "{% static 'field/field.js' %}",
  "{% static 'field/icon-192.png' %}"
];

workbox.core.clientsClaim();
self.skipWaiting();

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(STATIC).then(function (cache) { return cache.addAll(ASSETS); }),
    caches.open(PAGES).then(function (cache) {
      return fetch(SHELL, { credentials: "same-origin" }).then(function (resp) {
        if (resp.ok && !resp.redirected) return cache.put(SHELL, resp);
      }).catch(function () {});
    })
  ]));
});

/* A shell answered by the network only when it is the app itself (not the sign-in page of
   an ended session): otherwise the cached shell, whose queue then asks for sign-in. */
var onlyTheApp = {
  fetchDidSucceed: function (args) {
    if (!args.response.ok || args.response.redirected) throw new Error("not the app");
    return args.response;
  }
};

workbox.routing.registerRoute(
  function (ctx) { return ctx.request.mode === "navigate" && ctx.url.pathname === SHELL; },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 4,
    matchOptions: { ignoreVary: true, ignoreSearch: true },
    plugins: [onlyTheApp, new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] })]
  })
);

workbox.routing.registerRoute(
  function (ctx) { return ctx.url.origin === self.location.origin && ctx.url.pathname.indexOf("{% get_static_prefix %}") === 0; },
  new workbox.strategies.StaleWhileRevalidate({
    cacheName: STATIC,
    plugins: [new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] })]
  })
);

self.addEventListener("sync", function (event) {
  if (event.tag !== self.FieldSync.TAG) return;
  event.waitUntil(self.FieldSync.run().then(function () {
    return self.clients.matchAll({ type: "window" }).then(function (clients) {
      clients.forEach(function (c) { c.postMessage({ type: "field-synced" }); });
    });
  }));
});
