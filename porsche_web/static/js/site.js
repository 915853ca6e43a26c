// Progressive enhancement only: every page works without this file.
// Moves focus to the error summary of a form that came back with errors (GOV.UK pattern),
// after a full page load and after htmx swapped a form fragment in.
(function () {
  "use strict";
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
})();
