// Online payment at checkout: Stripe's Payment Element collects the card once (a platform SetupIntent,
// with 3-D Secure when the bank asks); the server then authorises each shop's order on the shop's account.
(function () {
  "use strict";
  var box = document.getElementById("online-payment");
  var form = document.getElementById("checkout-form");
  if (!box || !form || typeof window.Stripe !== "function") { return; }
  var online = document.getElementById("payment-online");
  var message = document.getElementById("payment-message");
  var stripe = window.Stripe(box.dataset.key);
  var elements = stripe.elements({ clientSecret: box.dataset.secret });
  elements.create("payment").mount("#payment-element");
  var confirmed = false;

  function show() { box.hidden = !online.checked; }
  form.querySelectorAll("input[name=payment]").forEach(function (input) { input.addEventListener("change", show); });
  show();

  form.addEventListener("submit", function (event) {
    if (!online.checked || confirmed) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.textContent = "";
    stripe.confirmSetup({ elements: elements, redirect: "if_required", confirmParams: { return_url: window.location.href } })
      .then(function (result) {
        if (result.error) {
          message.textContent = result.error.message;
          button.disabled = false;
          return;
        }
        confirmed = true;
        form.submit();
      });
  });
})();
