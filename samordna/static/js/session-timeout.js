/* Warns two minutes before samordna logs an idle user out, with a button to stay logged in.
 * The timeout and the keep-alive URL come from data- attributes of #session-warning
 * (includes/session_timeout.html); the text comes from the template, translated there. */
(function () {
  "use strict";
  var region = document.getElementById("session-warning");
  var content = document.getElementById("session-warning-content");
  if (!region || !content) {
    return;
  }
  var timeout = parseInt(region.dataset.timeout, 10) * 1000;
  var warnBefore = parseInt(region.dataset.warnBefore, 10) * 1000;
  if (!(timeout > 0) || !(warnBefore >= 0)) {
    return;
  }
  var timer = null;

  function clearWarning() {
    region.replaceChildren();
    region.classList.remove("is-shown");
  }

  function showWarning() {
    // An element with role="alert" put into the page is announced by screen readers.
    region.replaceChildren(content.content.cloneNode(true));
    region.classList.add("is-shown");
    var button = region.querySelector("[data-session-keep-alive]");
    button.addEventListener("click", keepAlive);
    button.focus();
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(showWarning, Math.max(timeout - warnBefore, 0));
  }

  function keepAlive() {
    fetch(region.dataset.keepAliveUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 204) {
          clearWarning();
          schedule();
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.location.reload();
      });
  }

  // An htmx request counts as activity on the server, unless the page made it by itself
  // (the inbox count every minute carries X-Background-Request): that one postpones nothing.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var headers = (event.detail.requestConfig || {}).headers || {};
    if (headers["X-Background-Request"] !== "true") {
      schedule();
    }
  });
  schedule();
})();
