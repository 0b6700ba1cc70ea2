/* The phone's store (IndexedDB): the queue of items and the forms' lists. Used by the page and
   by the service worker (importScripts), so it only touches `self`. */
(function (root) {
  "use strict";
  var DB = "bangfu-field";
  var VERSION = 1;
  var dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = root.indexedDB.open(DB, VERSION);
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains("items")) db.createObjectStore("items", { keyPath: "id" });
          if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
        };
        req.onsuccess = function () {
          var db = req.result;
          db.onversionchange = function () { db.close(); dbPromise = null; };
          resolve(db);
        };
        req.onerror = function () { dbPromise = null; reject(req.error); };
      });
    }
    return dbPromise;
  }

  function run(store, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        var req = fn(tx.objectStore(store));
        if (req) req.onsuccess = function () { result = req.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  root.FieldStore = {
    items: function () {
      return run("items", "readonly", function (s) { return s.getAll(); }).then(function (rows) {
        return (rows || []).sort(function (a, b) { return a.created < b.created ? -1 : 1; });
      });
    },
    item: function (id) { return run("items", "readonly", function (s) { return s.get(id); }); },
    put: function (item) { return run("items", "readwrite", function (s) { return s.put(item); }); },
    remove: function (id) { return run("items", "readwrite", function (s) { return s.delete(id); }); },
    get: function (key) { return run("meta", "readonly", function (s) { return s.get(key); }); },
    set: function (key, value) {
      return run("meta", "readwrite", function (s) { return s.put(value, key); });
    },
    clear: function () {
      return Promise.all([
        run("items", "readwrite", function (s) { return s.clear(); }),
        run("meta", "readwrite", function (s) { return s.clear(); })
      ]);
    }
  };
})(self);
