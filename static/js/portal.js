/* The portal's few behaviours, from a static file (the Content-Security-Policy allows no inline script). */
(function () {
  "use strict";

  // A select marked data-autosubmit sends its form when changed (the language switch); without JavaScript
  // the form's <noscript> button does it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // A button marked data-print prints the page (receipts, acts, reports).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // After a failed submit the error summary at the top of the form takes the focus, so a screen reader
  // reads what went wrong and a keyboard user starts there; its links move the focus to the field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) {
          return;
        }
        event.preventDefault();
        field.scrollIntoView({ block: "center" });
        field.focus();
      });
    });
  }
})();
