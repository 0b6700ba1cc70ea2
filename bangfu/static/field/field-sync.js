/* Sending the queue: the page (on open, on reconnect, on the button) and the service worker
   (Background Sync) run the same code. One run at a time (Web Locks where present).
   A run first reads the lists (fresh CSRF token, the session still valid), then sends each
   waiting item with its phone-made id and stores the server's answer on it:
   saved / refused (reasons, kept, editable) / conflict (the server's side kept beside ours). */
(function (root) {
  "use strict";
  var DATA_URL = "/field/api/data/";
  var SYNC_URL = "/field/api/sync/";

  function payload(item) {
    return {
      id: item.id,
      kind: item.kind,
      data: item.data,
      photos: item.photos || [],
      base_version: item.base_version || null
    };
  }

  function refreshLists() {
    return fetch(DATA_URL, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (resp.status === 401 || resp.redirected) {
        // an ended session (401), or a sign-in step the session still owes (a redirect)
        var answer = resp.status === 401 ? resp.json() : Promise.resolve({});
        return answer.then(function (body) {
          return root.FieldStore.set("signin", body.signin || "/accounts/login/").then(function () {
            return { signin: true };
          });
        });
      }
      if (!resp.ok) return { failed: true };
      return resp.json().then(function (body) {
        return root.FieldStore.get("user").then(function (previous) {
          var other = previous && previous !== body.user.username;
          var clearing = other ? root.FieldStore.clear() : Promise.resolve();
          return clearing.then(function () {
            return Promise.all([
              root.FieldStore.set("user", body.user.username),
              root.FieldStore.set("forms", body.forms),
              root.FieldStore.set("lists_at", new Date().toISOString()),
              root.FieldStore.set("signin", null)
            ]);
          }).then(function () { return { csrf: body.csrf, otherUser: other }; });
        });
      });
    });
  }

  function sendOne(item, csrf) {
    item.status = "sending";
    return root.FieldStore.put(item).then(function () {
      return fetch(SYNC_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ items: [payload(item)] })
      });
    }).then(function (resp) {
      if (resp.status === 401 || resp.status === 403) {
        item.status = "waiting";
        return root.FieldStore.put(item).then(function () { return "signin"; });
      }
      if (resp.status === 413) {
        return resp.json().then(function (body) {
          item.status = "refused";
          item.reasons = [body.detail];
          return root.FieldStore.put(item).then(function () { return "refused"; });
        });
      }
      if (!resp.ok) throw new Error("sync " + resp.status);
      return resp.json().then(function (body) {
        var answer = body.results[0];
        item.status = answer.status;
        item.reasons = answer.reasons || [];
        item.answered = new Date().toISOString();
        if (answer.status === "saved") {
          item.record = answer.record;
          item.url = answer.url;
          item.again = !!answer.again;
          item.photos = [];  // the server has them; the phone keeps no copy
        } else if (answer.status === "conflict") {
          item.server = answer.server;
        }
        return root.FieldStore.put(item).then(function () { return answer.status; });
      });
    }).catch(function (err) {
      item.status = "waiting";
      return root.FieldStore.put(item).then(function () { throw err; });
    });
  }

  function runOnce() {
    var counts = { saved: 0, refused: 0, conflict: 0 };
    return refreshLists().then(function (lists) {
      if (lists.signin) return { signin: true };
      if (lists.failed) return { failed: true };
      return root.FieldStore.items().then(function (items) {
        var waiting = items.filter(function (i) { return i.status === "waiting" || i.status === "sending"; });
        var chain = Promise.resolve(null);
        waiting.forEach(function (item) {
          chain = chain.then(function (stop) {
            if (stop) return stop;
            return sendOne(item, lists.csrf).then(function (status) {
              if (status === "signin") return "signin";
              counts[status] = (counts[status] || 0) + 1;
              return null;
            });
          });
        });
        return chain.then(function (stop) {
          counts.signin = stop === "signin";
          counts.otherUser = lists.otherUser;
          return counts;
        });
      });
    });
  }

  function run() {
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request("bangfu-field-sync", runOnce);
    }
    return runOnce();
  }

  root.FieldSync = { run: run, refreshLists: refreshLists, TAG: "bangfu-field-sync" };
})(self);
