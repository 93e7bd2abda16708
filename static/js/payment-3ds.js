// 3-D Secure on each shop's own Stripe account: Stripe.js initialised with that shop's stripeAccount completes
// the PaymentIntent the server left in requires_action; the server then asks Stripe itself what happened.
(function () {
  "use strict";
  var box = document.getElementById("payment-hold");
  var form = document.getElementById("payment-hold-form");
  if (!box || !form || typeof window.Stripe !== "function") { return; }
  var message = document.getElementById("payment-hold-message");
  var status = document.getElementById("payment-hold-status");
  var intents = Array.prototype.slice.call(box.querySelectorAll("[data-client-secret]"));
  var done = false;

  form.addEventListener("submit", function (event) {
    if (done) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.textContent = "";
    // One shop after the other: the bank shows one challenge at a time.
    intents.reduce(function (previous, node, index) {
      return previous.then(function () {
        // Which shop the bank's next question is about (read out by screen readers too).
        status.textContent = box.dataset.step.replace("{shop}", node.dataset.shop)
          .replace("{index}", index + 1).replace("{count}", intents.length);
        var stripe = window.Stripe(box.dataset.key, { stripeAccount: node.dataset.stripeAccount });
        return stripe.handleNextAction({ clientSecret: node.dataset.clientSecret }).then(function (result) {
          if (result.error) { message.textContent = node.dataset.shop + " : " + (result.error.message || ""); }
        });
      });
    }, Promise.resolve()).then(function () {
      // Whatever the browser saw, the server decides from Stripe's answer.
      done = true;
      form.submit();
    });
  });
})();
