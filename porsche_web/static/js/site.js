// Progressive enhancement only: every page works without this file.
// 1. Moves focus to the error summary of a form that came back with errors (GOV.UK pattern),
//    after a full page load and after htmx swapped a form fragment in.
// 2. One error path for every htmx request the server refused (4xx/5xx other than 422, which
//    htmx swaps) or that never reached it: the server's localized message
//    (errors/_htmx_error.html), or the page's own fallback (the data-error-* texts of <body>
//    in base.html), goes where the form's error summary goes and takes the focus. After an expired
//    CSRF token the answer carries a fresh one: the same form can be sent again as it is.
// 3. htmx on demand (README, "Serving": "htmx on demand"): htmx is not part of a page's first
//    view. It is fetched (data-htmx-src of this file's <script>) when the visitor shows intent
//    on an htmx element (pointer over or down, touch, focus, a key), or at once when the page
//    has an element whose trigger starts without the visitor (load, every, revealed,
//    intersect: the car page's polling). An event that htmx would have handled but came
//    before it was ready (submit, change, click) is held and given to htmx once it is; if htmx
//    cannot be fetched, the held event goes on as the browser would do it without JavaScript.
(function () {
  "use strict";
  var HTMX_SRC = document.currentScript && document.currentScript.getAttribute("data-htmx-src");
  var HTMX_ELEMENTS = ["get", "post", "put", "patch", "delete"].map(function (verb) {
    return "[data-hx-" + verb + "],[hx-" + verb + "]";
  }).join(",");
  var STARTS_ALONE = /(^|[\s,])(load|every|revealed|intersect)\b/;
  var htmxState = "idle"; // idle, loading, ready (htmx runs) or failed (the page runs without)
  var whenReady = [];
  var held = []; // the forms and elements whose submit or click waits for htmx

  function settled() { return htmxState === "ready" || htmxState === "failed"; }

  function triggers(elt) {
    var given = elt.getAttribute("data-hx-trigger") || elt.getAttribute("hx-trigger");
    if (given) { return given; }
    if (elt.matches("form")) { return "submit"; }
    return elt.matches("input, select, textarea") ? "change" : "click";
  }

  function loadHtmx(then) {
    if (settled()) { then(); return; }
    whenReady.push(then);
    if (htmxState === "loading") { return; }
    htmxState = "loading";
    function done(state) {
      htmxState = state;
      whenReady.splice(0).forEach(function (next) { next(); });
    }
    function inject() {
      if (!HTMX_SRC) { done("failed"); return; }
      var tag = document.createElement("script");
      tag.src = HTMX_SRC;
      tag.onload = function () { done(window.htmx ? "ready" : "failed"); };
      tag.onerror = function () { done("failed"); };
      document.head.appendChild(tag);
    }
    // htmx starts itself on a document that is complete; before, it waits for a
    // DOMContentLoaded that has already passed.
    if (document.readyState === "complete") { inject(); } else {
      window.addEventListener("load", inject, { once: true });
    }
  }

  function htmxElement(event) {
    var target = event.target;
    return target && target.closest ? target.closest(HTMX_ELEMENTS) : null;
  }

  function intent(event) {
    if (htmxState === "idle" && htmxElement(event)) { loadHtmx(function () {}); }
  }

  function early(event) {
    if (settled()) { return; }
    var elt = htmxElement(event);
    if (!elt || !new RegExp("(^|[\\s,])" + event.type + "\\b").test(triggers(elt))) { return; }
    var target = event.target;
    if (event.type === "change") {
      loadHtmx(function () {
        if (htmxState === "ready") { target.dispatchEvent(new Event("change", { bubbles: true })); }
      });
      return;
    }
    event.preventDefault();
    if (held.indexOf(target) >= 0) { return; } // a second click while htmx comes: one request
    held.push(target);
    var submitter = event.submitter;
    loadHtmx(function () {
      held.splice(held.indexOf(target), 1);
      if (event.type === "click") {
        target.click();
      } else if (submitter) {
        submitter.click(); // htmx reads the button that was clicked (its name and value)
      } else if (target.requestSubmit) {
        target.requestSubmit();
      } else {
        target.submit();
      }
    });
  }

  ["pointerover", "pointerdown", "touchstart", "focusin", "keydown"].forEach(function (name) {
    document.addEventListener(name, intent, { capture: true, passive: true });
  });
  ["submit", "change", "click"].forEach(function (name) {
    document.addEventListener(name, early, true);
  });
  // only an element with its own trigger can start alone (the default triggers wait for the visitor)
  var withTrigger = document.querySelectorAll("[data-hx-trigger],[hx-trigger]");
  var startsAlone = Array.prototype.some.call(withTrigger, function (elt) {
    return elt.matches(HTMX_ELEMENTS) && STARTS_ALONE.test(triggers(elt));
  });
  if (startsAlone) { loadHtmx(function () {}); }

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
