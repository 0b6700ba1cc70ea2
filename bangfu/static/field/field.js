/* Field capture page: forms kept on the phone, the queue, sync, sign-out that clears all. */
(function () {
  "use strict";
  var app = document.getElementById("field-app");
  if (!app) return;
  var T = document.getElementById("field-text").dataset;
  var Store = self.FieldStore;
  var Forms = self.FieldForms;
  var editing = null;  // the item being edited (its id is kept)
  var photos = [];     // the open form's photos (data URLs, already made smaller)

  function text(key) { return T[key] || key; }

  function flash(message, kind) {
    var box = document.getElementById("flash");
    box.className = "alert alert-" + (kind || "info");
    box.textContent = message;
  }

  function uuid() {
    if (self.crypto && self.crypto.randomUUID) return self.crypto.randomUUID();
    var b = self.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function showNet() {
    var badge = document.getElementById("net-state");
    var on = navigator.onLine;
    badge.textContent = on ? text("online") : text("offline");
    badge.className = "badge " + (on ? "text-bg-success" : "text-bg-secondary");
    badge.dataset.state = on ? "online" : "offline";
  }

  function forms() { return document.querySelectorAll(".field-form"); }

  function loadLists() {
    return Promise.all([Store.get("forms"), Store.get("lists_at"), Store.get("signin")]).then(function (r) {
      var lists = r[0];
      var state = document.getElementById("lists-state");
      state.textContent = lists ? text("listsAt") + " " + new Date(r[1]).toLocaleString() : text("noLists");
      document.getElementById("signin-needed").classList.toggle("d-none", !r[2]);
      document.querySelectorAll("#form-tabs [data-form]").forEach(function (btn) {
        btn.classList.toggle("d-none", !(lists && lists[btn.dataset.form]));
      });
      forms().forEach(function (form) {
        if (lists && lists[form.dataset.kind]) Forms.fill(form, lists[form.dataset.kind]);
      });
    });
  }

  /* Open a form: empty, on a kept item (`item`, whose id it keeps), or on the half-filled
     draft restored after the app was closed (`draft`: its values and photos). */
  function openForm(kind, item, draft) {
    forms().forEach(function (form) {
      var show = form.dataset.kind === kind;
      form.classList.toggle("d-none", !show);
      if (show) {
        var values = draft || item;
        Forms.write(form, values);
        editing = item || null;
        photos = values && values.photos ? values.photos.slice() : [];
        Forms.showPhotos(form, photos);
        form.querySelector(".form-error").textContent = "";
        form.scrollIntoView({ block: "start" });
      }
    });
  }

  function closeForms() {
    forms().forEach(function (form) { form.classList.add("d-none"); });
    editing = null;
    photos = [];
    clearTimeout(draftTimer);
    return Store.set("open-form", null);
  }

  /* The form being filled is kept as it changes, so that closing the app loses nothing. */
  var draftTimer = null;
  function keepDraft(form) {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(function () {
      if (form.classList.contains("d-none")) return;
      var values = Forms.read(form);
      if (Forms.holdsNumbers(values.data)) return;  // never on the phone, not even as a draft
      Store.set("open-form", {
        kind: form.dataset.kind,
        editing: editing ? editing.id : null,
        data: values.data,
        photos: photos.slice()
      });
    }, 250);
  }

  function restoreDraft() {
    return Store.get("open-form").then(function (draft) {
      if (!draft) return;
      var find = draft.editing ? Store.item(draft.editing) : Promise.resolve(null);
      return find.then(function (item) { openForm(draft.kind, item || null, draft); });
    });
  }

  function summary(kind, data) {
    var form = document.querySelector(".field-form[data-kind=" + kind + "]");
    var rows = [];
    Object.keys(data).forEach(function (name) {
      var el = form.querySelector("[name=" + name + "]");
      if (!el || data[name] === "" || name === "follow_ups") return;
      var label = form.querySelector("label[for=" + el.id + "]");
      var value = data[name];
      if (el.tagName === "SELECT") {
        var o = Array.prototype.find.call(el.options, function (x) { return x.value === String(value); });
        value = o ? o.textContent : value;
      }
      if (typeof value === "boolean") value = value ? text("yes") : text("no");
      rows.push({ label: label ? label.textContent.replace(" *", "") : name, value: String(value) });
    });
    var legend = form.querySelector("legend");
    (data.follow_ups || []).forEach(function (f) {
      rows.push({ label: legend ? legend.textContent : "", value: f.problem + " · " + f.owner_name + " · " + f.due_on });
    });
    return rows;
  }

  /* "field: message" from the server, with the form's own label for the field. */
  function reasonText(kind, reason) {
    var m = /^([a-z_]+)(?:\.\d+)?(?:: ([a-z_]+))?: (.*)$/.exec(reason);
    if (!m) return reason;
    var form = document.querySelector(".field-form[data-kind=" + kind + "]");
    var name = m[1] === "follow_ups" ? "fu_" + ({ owner_name: "owner", due_on: "due" }[m[2]] || m[2]) : m[1];
    var FU = { problem: "fu_problem", owner_name: "fu_owner", due_on: "fu_due" };
    var row = document.getElementById("follow-up-row").content;
    var el = form.querySelector("[name=" + name + "]") || (FU[name] && row.querySelector("[name=" + FU[name] + "]"));
    var label = el && (el.id ? form.querySelector("label[for=" + el.id + "]") : el.closest("label"));
    var title = label ? label.firstChild.textContent.replace(" *", "").trim() : m[1];
    return title + ": " + m[3];
  }

  function table(rows) {
    var dl = document.createElement("dl");
    dl.className = "row small mb-0";
    (rows || []).forEach(function (r) {
      var dt = document.createElement("dt"); dt.className = "col-5"; dt.textContent = r.label;
      var dd = document.createElement("dd"); dd.className = "col-7 mb-1"; dd.textContent = r.value;
      dl.appendChild(dt); dl.appendChild(dd);
    });
    return dl;
  }

  function button(label, cls, testid, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.textContent = label;
    b.dataset.testid = testid;
    b.addEventListener("click", onClick);
    return b;
  }

  var STATUS_CLASS = { waiting: "warning", sending: "info", saved: "success", refused: "danger", conflict: "danger" };

  function renderItem(item) {
    var li = document.createElement("li");
    li.className = "list-group-item field-item";
    li.dataset.status = item.status;
    li.dataset.kind = item.kind;
    li.dataset.id = item.id;
    li.dataset.testid = "queue-item";
    var head = document.createElement("div");
    head.className = "d-flex flex-wrap gap-2 align-items-center";
    var title = document.createElement("strong");
    title.textContent = T["kind" + item.kind.charAt(0).toUpperCase() + item.kind.slice(1)] || item.kind;
    var badge = document.createElement("span");
    badge.className = "badge text-bg-" + (STATUS_CLASS[item.status] || "secondary");
    badge.dataset.testid = "item-status";
    badge.textContent = item.status === "saved" && item.again ? text("savedAgain") : text(item.status);
    head.appendChild(title);
    head.appendChild(badge);
    if (item.photos && item.photos.length) {
      var p = document.createElement("span");
      p.className = "small text-muted";
      p.textContent = item.photos.length + " " + text("photos");
      head.appendChild(p);
    }
    if (item.status === "saved" && item.url) {
      var a = document.createElement("a");
      a.href = item.url;
      a.className = "small ms-auto";
      a.textContent = item.record + " · " + text("open");
      a.dataset.testid = "item-record";
      head.appendChild(a);
    }
    li.appendChild(head);
    if (item.reasons && item.reasons.length && item.status !== "saved") {
      var ul = document.createElement("ul");
      ul.className = "small text-danger mb-1 mt-1";
      ul.dataset.testid = "item-reasons";
      item.reasons.forEach(function (r) { var x = document.createElement("li"); x.textContent = reasonText(item.kind, r); ul.appendChild(x); });
      li.appendChild(ul);
    }
    if (item.status === "conflict") {
      var both = document.createElement("div");
      both.className = "row g-2 mt-1";
      both.dataset.testid = "conflict";
      [[text("phoneSide"), summary(item.kind, item.data), "conflict-phone"],
       [text("serverSide"), item.server ? item.server.rows : [], "conflict-server"]].forEach(function (side) {
        var col = document.createElement("div");
        col.className = "col-12 col-md-6";
        col.dataset.testid = side[2];
        var h = document.createElement("div"); h.className = "fw-semibold small"; h.textContent = side[0];
        col.appendChild(h);
        col.appendChild(table(side[1]));
        both.appendChild(col);
      });
      li.appendChild(both);
    } else {
      li.appendChild(table(summary(item.kind, item.data)));
    }
    if (item.photos && item.photos.length) {
      var thumbs = document.createElement("div");
      thumbs.className = "d-flex flex-wrap gap-2 mt-1";
      item.photos.forEach(function (src) {
        var img = document.createElement("img");
        img.src = src;
        img.alt = "";
        img.className = "field-thumb";
        thumbs.appendChild(img);
      });
      li.appendChild(thumbs);
    }
    var actions = document.createElement("div");
    actions.className = "d-flex gap-2 mt-1";
    if (item.status === "waiting" || item.status === "refused" || item.status === "conflict") {
      actions.appendChild(button(text("edit"), "btn-outline-primary", "item-edit", function () { openForm(item.kind, item); }));
    }
    if (item.status === "conflict" && item.server) {
      actions.appendChild(button(text("rebase"), "btn-outline-warning", "item-rebase", function () {
        item.base_version = item.server.version;
        item.status = "waiting";
        item.reasons = [];
        Store.put(item).then(render).then(requestSync);
      }));
    }
    if (item.status !== "sending") {
      actions.appendChild(button(text("discard"), "btn-outline-secondary", "item-discard", function () {
        if (item.status === "saved" || window.confirm(text("confirmDiscard"))) Store.remove(item.id).then(render);
      }));
    }
    li.appendChild(actions);
    return li;
  }

  function render() {
    // the lists first: the queue names what was chosen by the lists' labels
    return loadLists().then(Store.items).then(function (items) {
      var list = document.getElementById("queue");
      list.textContent = "";
      items.forEach(function (item) { list.appendChild(renderItem(item)); });
      var open = items.filter(function (i) { return i.status !== "saved"; }).length;
      document.getElementById("queue-count").textContent = String(open);
      document.getElementById("queue-empty").classList.toggle("d-none", items.length > 0);
    });
  }

  function requestSync() {
    if (!navigator.serviceWorker || !navigator.serviceWorker.ready) return Promise.resolve();
    return navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register(self.FieldSync.TAG).catch(function () {});
    }).catch(function () {});
  }

  function syncNow() {
    if (!navigator.onLine) { flash(text("syncFailed"), "secondary"); return Promise.resolve(); }
    var btn = document.getElementById("sync-now");
    btn.disabled = true;
    return self.FieldSync.run().then(function (result) {
      if (result.signin) {
        document.getElementById("signin-needed").classList.remove("d-none");
      } else if (result.failed) {
        flash(text("syncFailed"), "secondary");
      } else {
        if (result.otherUser) flash(text("otherUser"), "warning");
        else flash(text("synced"), "success");
      }
    }).catch(function () { flash(text("syncFailed"), "secondary"); }).then(function () {
      btn.disabled = false;
      return render();
    });
  }

  function keep(event) {
    event.preventDefault();
    var form = event.target;
    var error = form.querySelector(".form-error");
    if (Forms.missing(form).length) { error.textContent = text("required"); return; }
    var values = Forms.read(form);
    if (Forms.holdsNumbers(values.data)) { error.textContent = text("noNumbers"); return; }
    var item = editing || { id: uuid(), kind: form.dataset.kind, created: new Date().toISOString() };
    item.data = values.data;
    item.base_version = editing && editing.status === "conflict" ? editing.base_version : values.base_version;
    item.photos = photos.slice();
    item.status = "waiting";
    item.reasons = [];
    item.server = null;
    Store.put(item).then(closeForms).then(function () {
      flash(text("stored"), "info");
      return render();
    }).then(function () {
      if (navigator.onLine) return requestSync();
    });
  }

  function addPhotos(event) {
    var files = Array.prototype.slice.call(event.target.files || []);
    var form = event.target.closest("form");
    Promise.all(files.map(Forms.shrink)).then(function (shrunk) {
      photos = photos.concat(shrunk).slice(0, 6);
      Forms.showPhotos(form, photos);
      event.target.value = "";
      keepDraft(form);
    });
  }

  function signOut() {
    var done = function () {
      return Store.clear().catch(function () {}).then(function () {
        if (self.caches) return caches.keys().then(function (keys) { return Promise.all(keys.map(function (k) { return caches.delete(k); })); });
      });
    };
    fetch(app.dataset.dataUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (body) {
        return done().then(function () {
          if (!body.csrf) return;
          return fetch(app.dataset.logoutUrl, {
            method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": body.csrf }
          }).catch(function () {});
        });
      })
      .then(function () { window.location.href = app.dataset.loginUrl; });
  }

  document.querySelectorAll("#form-tabs [data-form]").forEach(function (btn) {
    btn.addEventListener("click", function () { openForm(btn.dataset.form, null); });
  });
  forms().forEach(function (form) {
    form.addEventListener("submit", keep);
    form.addEventListener("input", function () { keepDraft(form); });
    form.addEventListener("change", function () { keepDraft(form); });
    form.querySelector(".form-cancel").addEventListener("click", closeForms);
    var input = form.querySelector(".photo-input");
    if (input) input.addEventListener("change", addPhotos);
  });
  var assistance = document.querySelector(".field-form[data-kind=assistance]");
  assistance.querySelector("[name=pathway]").addEventListener("change", function () { Forms.filterKinds(assistance); });
  assistance.querySelector("[name=pairing]").addEventListener("change", function (e) {
    var o = e.target.selectedOptions[0];
    if (o && o.dataset.helper) {
      assistance.querySelector("[name=helper]").value = o.dataset.helper;
      assistance.querySelector("[name=village]").value = o.dataset.village;
    }
  });
  var progress = document.querySelector(".field-form[data-kind=progress]");
  progress.querySelector("[name=item]").addEventListener("change", function (e) {
    var o = e.target.selectedOptions[0];
    document.getElementById("p-item-state").textContent = o && o.dataset.target ? o.dataset.achieved + " / " + o.dataset.target : "";
  });
  document.getElementById("add-follow-up").addEventListener("click", function () {
    Forms.addFollowUp(document.querySelector(".field-form[data-kind=visit]"));
  });
  document.getElementById("sync-now").addEventListener("click", syncNow);
  document.getElementById("clear-saved").addEventListener("click", function () {
    Store.items().then(function (items) {
      return Promise.all(items.filter(function (i) { return i.status === "saved"; }).map(function (i) { return Store.remove(i.id); }));
    }).then(render);
  });
  document.getElementById("field-signout").addEventListener("click", signOut);
  window.addEventListener("online", function () { showNet(); syncNow(); });
  window.addEventListener("offline", showNet);

  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(app.dataset.swUrl, { scope: app.dataset.scope }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.type === "field-synced") render();
    });
  }

  showNet();
  Store.get("user").then(function (owner) {
    // a store left by another account on this phone is not shown to this one
    if (owner && owner !== app.dataset.user) return Store.clear().then(function () { flash(text("otherUser"), "warning"); });
  }).then(render).then(restoreDraft).then(function () {
    if (navigator.onLine) return syncNow();
  });
})();
