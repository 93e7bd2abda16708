// The fake server's stand-in for Stripe.js v3 (served at /js.stripe.com/v3/): just enough of the Payment
// Element, confirmSetup and handleNextAction for the offline demo and the browser tests. Test cards as on
// Stripe: 4242 4242 4242 4242 accepted, 4000 0000 0000 0002 declined, 4000 0027 6000 3184 and
// 4000 0000 0000 3220 ask for 3-D Secure (a page of the "bank" where the shopper passes or fails it).
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.replace(/\/js\.stripe\.com\/v3\/?$/, "");

  function Stripe(key, options) {
    if (!(this instanceof Stripe)) { return new Stripe(key, options); }
    this.key = key;
    // Direct charges: the calls about a shop's PaymentIntent name the shop's account, as Stripe.js does.
    this.account = (options && options.stripeAccount) || "";
  }

  Stripe.prototype._post = function (path, fields) {
    var body = new URLSearchParams(Object.assign({ key: this.key }, fields));
    if (this.account) { body.set("_stripe_account", this.account); }
    return fetch(base + path, { method: "POST", body: body }).then(function (response) { return response.json(); });
  };

  // The bank's 3-D Secure page, as a dialog over the shop's page; resolves true if the shopper passes it.
  function challenge() {
    return new Promise(function (resolve) {
      var overlay = document.createElement("div");
      overlay.className = "fake-3ds";
      overlay.setAttribute("role", "dialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-labelledby", "fake-3ds-title");
      overlay.style.cssText = "position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:center;" +
        "justify-content:center;z-index:2000;padding:1rem";
      var box = document.createElement("div");
      box.style.cssText = "background:#fff;color:#212529;border-radius:.5rem;padding:1.25rem;max-width:22rem;width:100%";
      var title = document.createElement("h2");
      title.id = "fake-3ds-title";
      title.style.cssText = "font-size:1.15rem;margin:0 0 .5rem";
      title.textContent = "3-D Secure — banque de démonstration";
      var text = document.createElement("p");
      text.textContent = "Serveur Stripe factice : confirmez-vous ce paiement ?";
      box.appendChild(title);
      box.appendChild(text);
      [["Valider l'authentification", true, "btn btn-primary btn-block"],
       ["Échec de l'authentification", false, "btn btn-outline-secondary btn-block"]].forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = choice[2];
        button.style.cssText = "display:block;width:100%;margin-top:.5rem;min-height:44px";
        button.textContent = choice[0];
        button.addEventListener("click", function () {
          overlay.remove();
          resolve(choice[1]);
        });
        box.appendChild(button);
      });
      overlay.appendChild(box);
      document.body.appendChild(overlay);
      box.querySelector("button").focus();
    });
  }

  function idOf(secret) { return secret.split("_secret_")[0]; }

  Stripe.prototype.elements = function (options) {
    var self = this;
    var inputs = {};
    return {
      clientSecret: options.clientSecret,
      create: function () {
        return {
          mount: function (selector) {
            var node = document.querySelector(selector);
            [["number", "Numéro de carte", "4242 4242 4242 4242", "cc-number"], ["exp", "Expiration (MM/AA)", "12/34", "cc-exp"],
             ["cvc", "Cryptogramme", "123", "cc-csc"]].forEach(function (field) {
              var label = document.createElement("label");
              label.textContent = field[1];
              label.style.display = "block";
              var input = document.createElement("input");
              input.name = "fake-card-" + field[0];
              input.placeholder = field[2];
              input.autocomplete = "off";
              input.inputMode = "numeric";
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
    var self = this;
    var inputs = options.elements._inputs;
    var secret = options.elements.clientSecret;
    var path = "/v1/setup_intents/" + idOf(secret);
    var exp = (inputs.exp.value || "").split("/");
    return this._post(path + "/confirm", {
      client_secret: secret,
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": (inputs.number.value || "").replace(/\s/g, ""),
      "payment_method_data[card][exp_month]": (exp[0] || "").trim(),
      "payment_method_data[card][exp_year]": (exp[1] || "").trim(),
      "payment_method_data[card][cvc]": inputs.cvc.value || "",
    }).then(function (data) {
      if (data.error) { return { error: { message: data.error.message || "Carte refusée." } }; }
      if (data.status !== "requires_action") { return { setupIntent: data }; }
      // The bank asks for 3-D Secure before the card can be kept for this basket.
      return challenge().then(function (passed) {
        return self._post(path + (passed ? "/confirm" : "/cancel"), { client_secret: secret }).then(function (after) {
          if (after.error || after.status !== "succeeded") {
            return { error: { message: "L'authentification de votre carte a échoué." } };
          }
          return { setupIntent: after };
        });
      });
    });
  };

  // A PaymentIntent confirmed by the server that waits for 3-D Secure (status requires_action).
  Stripe.prototype.handleNextAction = function (options) {
    var self = this;
    var secret = options.clientSecret;
    return challenge().then(function (passed) {
      return self._post("/v1/payment_intents/" + idOf(secret) + "/_authenticate", {
        client_secret: secret,
        success: passed ? "true" : "false",
      }).then(function (data) {
        if (data.error) { return { error: { message: data.error.message || "Authentification impossible." } }; }
        if (data.last_payment_error) { return { error: data.last_payment_error, paymentIntent: data }; }
        return { paymentIntent: data };
      });
    });
  };

  Stripe.prototype.confirmCardPayment = function (clientSecret) {
    return this.handleNextAction({ clientSecret: clientSecret });
  };

  window.Stripe = Stripe;
})();
