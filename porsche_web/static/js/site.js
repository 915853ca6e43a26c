// Progressive enhancement only: every page works without this file.
// 1. Moves focus to the error summary of a form that came back with errors (GOV.UK pattern),
//    after a full page load and after htmx swapped a form fragment in.
// 2. One error path for every htmx request the server refused (4xx/5xx other than 422, which
//    htmx swaps) or that never reached it: the server's localized message
//    (errors/_htmx_error.html), or the page's own fallback (the data-error-* texts of <body>
//    in base.html), goes where the form's error summary goes and takes the focus. After an expired
//    CSRF token the answer carries a fresh one: the same form can be sent again as it is.
(function () {
  "use strict";
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  function fromResponse(xhr) {
    var holder = document.createElement("template");
    holder.innerHTML = (xhr && xhr.responseText) || "";
    var box = holder.content.querySelector("[data-htmx-error]");
    return box ? document.importNode(box, true) : null;
  }

  function fallback(kind) {
    var body = document.body;
    var text = body.getAttribute("data-error-" + kind);
    if (!text) { return null; }
    var box = document.createElement("div");
    box.className = "error-summary";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("data-error-summary", "");
    box.setAttribute("data-htmx-error", "");
    var title = document.createElement("h2");
    title.className = "error-summary-title";
    title.textContent = body.getAttribute("data-error-title") || "";
    var message = document.createElement("p");
    message.textContent = text;
    box.appendChild(title);
    box.appendChild(message);
    return box;
  }

  function renewToken(token) {
    document.querySelectorAll("input[name='csrf_token'], input[name$='-csrf_token']")
      .forEach(function (input) { input.value = token; });
    var body = document.body;
    ["data-hx-headers", "hx-headers"].forEach(function (name) {
      if (!body.hasAttribute(name)) { return; }
      var headers = {};
      try { headers = JSON.parse(body.getAttribute(name)) || {}; } catch (ignored) { headers = {}; }
      headers["X-CSRFToken"] = token;
      body.setAttribute(name, JSON.stringify(headers));
    });
  }

  function show(box, elt) {
    var form = elt && elt.closest ? (elt.closest("form") || elt) : null;
    var place = form && document.body.contains(form) ? form : document.getElementById("main");
    if (!place) { return; }
    var old = place.querySelector("[data-htmx-error], [data-error-summary]");
    if (old) { old.replaceWith(box); } else { place.insertBefore(box, place.firstChild); }
    box.focus();
  }

  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
  document.addEventListener("htmx:responseError", function (event) {
    var box = fromResponse(event.detail.xhr) || fallback("response");
    if (!box) { return; }
    var token = box.getAttribute("data-csrf-token");
    if (token) {
      renewToken(token);
      box.removeAttribute("data-csrf-token");
    }
    show(box, event.detail.elt);
  });
  document.addEventListener("htmx:sendError", function (event) {
    var box = fallback("network");
    if (box) { show(box, event.detail.elt); }
  });
})();
