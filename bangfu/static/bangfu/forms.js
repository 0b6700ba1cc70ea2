/* The record form and the filters: searchable choosers, kinds of the chosen pathway, the
   measures that fit the kind. No inline script (strict CSP); tom-select is vendored. */
(function () {
  "use strict";

  function fetchOptions(url, params, done) {
    // villages on demand (places:village_options): [{value, text, pinyin, parent}]
    fetch(url + "?" + new URLSearchParams(params).toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (r) { return r.ok ? r.json() : { options: [] }; })
      .then(function (data) { done(data.options || []); })
      .catch(function () { done([]); });
  }

  function cascadeOnDemand(select, ts, from) {
    // the page holds the chosen township's villages only: ask for another's when it changes
    from.addEventListener("change", function () {
      ts.clear(true);
      ts.clearOptions();
      ts.refreshOptions(false);
      if (!from.value) return;
      fetchOptions(select.dataset.optionsUrl, { township: from.value }, function (options) {
        ts.addOptions(options);
        ts.refreshOptions(false);
      });
    });
  }

  function cascade(select, ts) {
    // the villages of the chosen township only (each option names its parent)
    var from = document.getElementById(select.dataset.cascadeFrom);
    if (!from) return;
    if (select.dataset.optionsUrl) {
      cascadeOnDemand(select, ts, from);
      return;
    }
    var all = Array.prototype.map.call(select.options, function (o) {
      return { value: o.value, text: o.text, pinyin: o.dataset.pinyin || "", parent: o.dataset.parent || "" };
    });
    function apply(keep) {
      var parent = from.value;
      var current = ts.getValue();
      ts.clearOptions();
      ts.addOptions(all.filter(function (o) { return !o.value || !parent || o.parent === parent; }));
      ts.refreshOptions(false);
      var stillThere = all.some(function (o) { return o.value === current && (!parent || o.parent === parent); });
      if (keep && stillThere) ts.setValue(current, true); else ts.clear(true);
    }
    from.addEventListener("change", function () { apply(false); });
    apply(true);
  }

  function searchable(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-searchable]").forEach(function (select) {
      if (select.tomselect) return;
      var settings = {
        searchField: ["text", "pinyin"],
        maxOptions: 400,
        allowEmptyOption: true,
        create: false,
        selectOnTab: true,
      };
      if (select.dataset.optionsUrl) {
        // typed names and initials are looked up on the server (within the chosen township)
        settings.load = function (query, callback) {
          var from = document.getElementById(select.dataset.cascadeFrom);
          fetchOptions(select.dataset.optionsUrl, { q: query, township: from ? from.value : "" }, callback);
        };
      }
      var ts = new TomSelect(select, settings);
      if (select.dataset.cascadeFrom) cascade(select, ts);
    });
  }

  function kindsOfPathway(form) {
    var pathway = form.querySelector("select[name=pathway]");
    var kind = form.querySelector("select[data-kind-select]");
    if (!pathway || !kind) return;
    function apply() {
      var chosen = pathway.value;
      Array.prototype.forEach.call(kind.options, function (option) {
        if (!option.value) return;
        var fits = !chosen || (option.dataset.pathways || "").split(" ").indexOf(chosen) >= 0;
        option.hidden = !fits;
        option.disabled = !fits;
      });
      var selected = kind.options[kind.selectedIndex];
      if (selected && selected.disabled) {
        kind.value = "";
        kind.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    pathway.addEventListener("change", apply);
    apply();
  }

  function measuresOfKind(form) {
    var kind = form.querySelector("select[data-kind-select]");
    var boxes = form.querySelectorAll("[data-measure]");
    if (!kind || !boxes.length) return;
    function apply() {
      var option = kind.options[kind.selectedIndex];
      var wanted = option && option.value ? (option.dataset.measures || "").split(" ") : null;
      boxes.forEach(function (box) {
        var input = box.querySelector("input");
        var filled = input && input.value !== "";
        box.hidden = wanted !== null && wanted.indexOf(box.dataset.measure) < 0 && !filled;
      });
      form.querySelectorAll("[data-measure-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-measure]:not([hidden])");
      });
    }
    kind.addEventListener("change", apply);
    apply();
  }

  function start() {
    searchable(document);
    document.querySelectorAll("form").forEach(function (form) {
      kindsOfPathway(form);
      measuresOfKind(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
