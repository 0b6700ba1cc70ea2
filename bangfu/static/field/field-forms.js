/* The four forms: their lists from the phone's store, their values to and from an item, and
   photos made smaller on the phone (canvas) before they are stored. */
(function (root) {
  "use strict";
  var MAX_SIDE = 1280;
  var QUALITY = 0.7;
  var ID_NUMBER = /\d{17}[\dXx]/;
  var MOBILE = /(^|\D)1[3-9]\d{9}(\D|$)/;

  function option(select, value, label, data) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    Object.keys(data || {}).forEach(function (k) { o.dataset[k] = data[k]; });
    select.appendChild(o);
  }

  function today() {
    var d = new Date();
    var m = String(d.getMonth() + 1).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + String(d.getDate()).padStart(2, "0");
  }

  function fill(form, lists) {
    form.querySelectorAll("select[data-list]").forEach(function (select) {
      var keep = select.value;
      var first = select.querySelector("option[value='']");
      select.textContent = "";
      if (first) select.appendChild(first);
      var rows = lists[select.dataset.list] || [];
      switch (select.dataset.list) {
        case "pairings":
          rows.forEach(function (p) { option(select, p.number, p.label, { helper: p.helper, village: p.village }); });
          break;
        case "helpers":
          rows.forEach(function (h) { option(select, h.uscc, h.name); });
          break;
        case "villages":
          rows.forEach(function (v) { option(select, v.code, v.name); });
          break;
        case "pathways":
          rows.forEach(function (p) { option(select, p.value, p.label); });
          break;
        case "kinds":
          rows.forEach(function (k) { option(select, k.value, k.label, { pathway: k.pathway }); });
          break;
        case "counties":
          rows.forEach(function (c) { option(select, c.code, c.name); });
          break;
        case "cases":
          rows.forEach(function (c) { option(select, c.number, c.label, { version: c.version }); });
          break;
        case "items":
          rows.forEach(function (i) {
            option(select, i.id, i.label, { version: i.version, target: i.target, achieved: i.achieved });
          });
          break;
      }
      if (keep) select.value = keep;
    });
    var many = form.querySelector("[data-only=helpers-many]");
    if (many) many.classList.toggle("d-none", (lists.helpers || []).length < 2);
    filterKinds(form);
  }

  function filterKinds(form) {
    var pathway = form.querySelector("select[name=pathway]");
    var kind = form.querySelector("select[name=kind]");
    if (!pathway || !kind) return;
    Array.prototype.forEach.call(kind.options, function (o) {
      var hide = !!pathway.value && o.dataset.pathway !== pathway.value;
      o.hidden = hide;
      o.disabled = hide;
    });
    if (kind.selectedOptions[0] && kind.selectedOptions[0].disabled) {
      var firstOk = Array.prototype.find.call(kind.options, function (o) { return !o.disabled; });
      kind.value = firstOk ? firstOk.value : "";
    }
  }

  function followUps(form) {
    return Array.prototype.map.call(form.querySelectorAll(".follow-up"), function (row) {
      return {
        problem: row.querySelector("[name=fu_problem]").value.trim(),
        owner_name: row.querySelector("[name=fu_owner]").value.trim(),
        due_on: row.querySelector("[name=fu_due]").value
      };
    }).filter(function (f) { return f.problem || f.owner_name || f.due_on; });
  }

  function addFollowUp(form, values) {
    var box = form.querySelector("#follow-ups");
    var row = document.getElementById("follow-up-row").content.firstElementChild.cloneNode(true);
    if (values) {
      row.querySelector("[name=fu_problem]").value = values.problem || "";
      row.querySelector("[name=fu_owner]").value = values.owner_name || "";
      row.querySelector("[name=fu_due]").value = values.due_on || "";
    }
    box.appendChild(row);
  }

  /* The form's values as the item's data (the API's field names), and its base version. */
  function read(form) {
    var kind = form.dataset.kind;
    var data = {};
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (el) {
      if (el.name.indexOf("fu_") === 0) return;
      if (el.type === "checkbox") { data[el.name] = el.checked; return; }
      if (el.value !== "") data[el.name] = el.value.trim();
    });
    var base = null;
    if (kind === "visit") data.follow_ups = followUps(form);
    if (kind === "assistance" && !data.pairing) delete data.pairing;
    if (kind === "home_visit" || kind === "progress") {
      var chosen = form.querySelector("select[data-list]").selectedOptions[0];
      base = chosen && chosen.dataset.version ? parseInt(chosen.dataset.version, 10) : null;
      if (kind === "progress" && data.item) data.item = parseInt(data.item, 10);
    }
    return { data: data, base_version: base };
  }

  function write(form, item) {
    form.reset();
    form.querySelectorAll("#follow-ups .follow-up").forEach(function (row) { row.remove(); });
    var data = item ? item.data : {};
    form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (el) {
      if (el.name.indexOf("fu_") === 0) return;
      if (el.type === "checkbox") { el.checked = data[el.name] !== false; return; }
      if (data[el.name] !== undefined) el.value = data[el.name];
      else if (el.hasAttribute("data-today")) el.value = today();
    });
    (data.follow_ups || []).forEach(function (f) { addFollowUp(form, f); });
    filterKinds(form);
  }

  function missing(form) {
    return Array.prototype.filter.call(form.querySelectorAll("[required]"), function (el) {
      return !el.closest(".d-none") && !el.value;
    });
  }

  function holdsNumbers(data) {
    return Object.keys(data).some(function (k) {
      var v = data[k];
      if (Array.isArray(v)) return v.some(function (x) { return holdsNumbers(x); });
      return typeof v === "string" && (ID_NUMBER.test(v) || MOBILE.test(v));
    });
  }

  /* A photo made smaller on the phone: at most MAX_SIDE pixels a side, JPEG, as a data URL. */
  function shrink(file) {
    return root.createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return canvas.toDataURL("image/jpeg", QUALITY);
    });
  }

  function showPhotos(form, photos) {
    var box = form.querySelector(".photo-previews");
    if (!box) return;
    box.textContent = "";
    photos.forEach(function (src) {
      var img = document.createElement("img");
      img.src = src;
      img.alt = "";
      img.className = "field-thumb";
      box.appendChild(img);
    });
  }

  root.FieldForms = {
    fill: fill,
    filterKinds: filterKinds,
    addFollowUp: addFollowUp,
    read: read,
    write: write,
    missing: missing,
    holdsNumbers: holdsNumbers,
    shrink: shrink,
    showPhotos: showPhotos
  };
})(self);
