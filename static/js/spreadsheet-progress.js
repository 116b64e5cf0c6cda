// The progress of a spreadsheet being checked (intake.views.spreadsheet): polls the JSON and opens the result.
(function () {
  "use strict";
  var box = document.querySelector("[data-spreadsheet-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-spreadsheet-progress");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.max = state.total || 1;
        bar.value = state.checked;
        text.textContent = state.checked + " / " + state.total;
        if (state.done) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
