/* bangfu's small page behaviours (no inline scripts: strict CSP). */
(function () {
  "use strict";
  // On a phone a list's filters start folded (unless a filter is in use), so the list itself
  // is on the first screen; the summary line opens them.
  if (window.matchMedia("(max-width: 575.98px)").matches) {
    document.querySelectorAll("details[data-fold-on-phone='yes']").forEach(function (box) {
      box.removeAttribute("open");
    });
  }
})();
