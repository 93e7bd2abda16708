// The fake server's stand-in for Stripe.js v3 (served at /js.stripe.com/v3/): just enough of the Payment
// Element and confirmSetup for the offline demo and the browser test. Test cards as on Stripe
// (4242 4242 4242 4242 accepted, 4000 0000 0000 0002 declined).
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/\/js\.stripe\.com\/v3\/?$/, "");

  function Stripe(key) {
    if (!(this instanceof Stripe)) { return new Stripe(key); }
    this.key = key;
  }

  Stripe.prototype.elements = function (options) {
    var self = this;
    var inputs = {};
    return {
      clientSecret: options.clientSecret,
      create: function () {
        return {
          mount: function (selector) {
            var node = document.querySelector(selector);
            [["number", "Numéro de carte", "4242 4242 4242 4242"], ["exp", "Expiration (MM/AA)", "12/34"],
             ["cvc", "Cryptogramme", "123"]].forEach(function (field) {
              var label = document.createElement("label");
              label.textContent = field[1];
              label.style.display = "block";
              var input = document.createElement("input");
              input.name = "fake-card-" + field[0];
              input.placeholder = field[2];
              input.autocomplete = "off";
              input.className = "form-control";
              label.appendChild(input);
              node.appendChild(label);
              inputs[field[0]] = input;
            });
          },
        };
      },
      _inputs: inputs,
      _stripe: self,
    };
  };

  Stripe.prototype.confirmSetup = function (options) {
    var elements = options.elements;
    var inputs = elements._inputs;
    var secret = elements.clientSecret;
    var id = secret.split("_secret_")[0];
    var exp = (inputs.exp.value || "").split("/");
    var body = new URLSearchParams({
      key: this.key,
      client_secret: secret,
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": (inputs.number.value || "").replace(/\s/g, ""),
      "payment_method_data[card][exp_month]": (exp[0] || "").trim(),
      "payment_method_data[card][exp_year]": (exp[1] || "").trim(),
      "payment_method_data[card][cvc]": inputs.cvc.value || "",
    });
    return fetch(base + "/v1/setup_intents/" + id + "/confirm", { method: "POST", body: body })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.error) { return { error: { message: data.error.message || "Carte refusée." } }; }
        return { setupIntent: data };
      });
  };

  window.Stripe = Stripe;
})();
