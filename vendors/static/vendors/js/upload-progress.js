// An upload's page while a worker checks the file: every two seconds, ask the
// upload's status (JSON), show its progress in the bar and the text beside it
// (a polite live region), and reload the page once the upload is done or
// failed, so that its report shows. Without this script the page is the same,
// and its "Update" link reloads it by hand.
(function () {
  "use strict";

  var INTERVAL_MS = 2000;
  // Consecutive failed requests (network down, signed out) before giving up;
  // the "Update" link still works.
  var MAX_FAILURES = 5;

  var box = document.querySelector("[data-upload-status-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-upload-status-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-upload-progress-text]");
  var failures = 0;

  function show(state) {
    if (state.total_rows > 0) {
      bar.max = state.total_rows;
      bar.value = state.processed_rows;
    } else {
      bar.removeAttribute("value");
    }
    // Only a changed text is written, so screen readers hear news only.
    if (state.message && text.textContent !== state.message) {
      text.textContent = state.message;
    }
  }

  function poll() {
    fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        if (state.done) {
          window.location.reload();
          return;
        }
        show(state);
        window.setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        failures += 1;
        if (failures < MAX_FAILURES) {
          window.setTimeout(poll, INTERVAL_MS * (failures + 1));
        }
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
