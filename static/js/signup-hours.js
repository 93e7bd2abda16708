// Sign-up, step 4: with "same hours every weekday" ticked the server gives Tuesday to Saturday Monday's
// hours; the page shows it at once (read-only days saying so). Was an inline script, which the CSP forbids.
(function () {
  "use strict";
  var shortcut = document.getElementById("id_same_every_weekday");
  if (!shortcut) return;
  var note = shortcut.form ? shortcut.form.getAttribute("data-same-as-monday") || "" : "";
  var days = [2, 3, 4, 5, 6].map(function (day) { return document.getElementById("id_day_" + day); });
  function sync() {
    days.forEach(function (input) {
      if (!input) return;
      input.readOnly = shortcut.checked;
      input.placeholder = shortcut.checked ? note : "";
    });
  }
  shortcut.addEventListener("change", sync);
  sync();
})();
