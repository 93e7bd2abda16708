// Buttons marked data-print print the page (an onclick attribute would be an inline script, which the
// CSP forbids).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
