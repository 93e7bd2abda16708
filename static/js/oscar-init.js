// Oscar's page initialisers on the shop's pages. Oscar's templates write them into an inline script
// (their "onbodyload" block), which the site's Content-Security-Policy forbids: they run from here,
// after jQuery, Bootstrap and Oscar's ui.js (all deferred, so run in order before this one).
(function () {
  "use strict";
  if (!window.oscar || !window.jQuery) return;
  window.jQuery(function () {
    var oscar = window.oscar;
    oscar.init();
    // Each binds to elements only its page has (sort and facet widgets, notifications, wishlists).
    oscar.search.init();
    oscar.notifications.init();
    if (document.getElementById("basket_formset")) {
      oscar.basket.init({ basketURL: window.location.pathname });
    }
    oscar.customer.wishlists.init();
  });
})();
