// Passkeys in the staff console (issue #12): a button with data-passkey="add" or "sign-in"
// runs the WebAuthn ceremony with the options the server gives, and posts the browser's answer
// back as JSON (CSRF token from <body data-hx-headers>). Without JavaScript or WebAuthn the
// button stays hidden and the authenticator app's code is the way in.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
    return;
  }
  function csrfHeaders() {
    var headers = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
    headers["Content-Type"] = "application/json";
    headers["Accept"] = "application/json";
    return headers;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: csrfHeaders(),
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error(data.message || response.statusText);
        }
        return data;
      });
    });
  }
  function show(box, text) {
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }
  function run(button) {
    var kind = button.getAttribute("data-passkey");
    var box = document.getElementById(button.getAttribute("data-passkey-error"));
    var failed = button.getAttribute("data-passkey-failed");
    var nameField = document.getElementById("passkey-name");
    if (box) {
      box.hidden = true;
    }
    post(button.getAttribute("data-passkey-options"))
      .then(function (options) {
        if (kind === "add") {
          return navigator.credentials.create({
            publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
          });
        }
        return navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
        });
      })
      .then(function (credential) {
        return post(button.getAttribute("data-passkey-url"), {
          credential: credential.toJSON(),
          name: nameField ? nameField.value : "",
        });
      })
      .then(function (data) {
        window.location.assign(data.redirect);
      })
      .catch(function (error) {
        show(box, error && error.message && error.name === "Error" ? error.message : failed);
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-passkey]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        run(button);
      });
    });
  });
})();
