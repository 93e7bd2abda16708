// Oscar 4.2's order page (oscar/dashboard/orders/order_detail.html) still calls
// oscar.dashboard.orders.initTable(), which its dashboard.js no longer defines (the order list's call
// was removed upstream in django-oscar#1862, this one stayed): the TypeError ended the page's start-up
// script. The lines table needs no set-up, so the missing function is given as doing nothing; an Oscar
// that defines it again keeps its own.
(function () {
    "use strict";
    var orders = window.oscar && window.oscar.dashboard && window.oscar.dashboard.orders;
    if (orders && typeof orders.initTable !== "function") {
        orders.initTable = function () {};
    }
})();
