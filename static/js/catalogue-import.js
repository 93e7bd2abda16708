// The catalogue import's progress bar: the form is sent in the background while the bar asks the
// server how many rows are done. Without JavaScript the form is sent as usual and the page waits.
(function () {
    "use strict";
    var form = document.getElementById("import-confirm");
    if (!form || !window.fetch) {
        return;
    }
    form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        var box = document.getElementById("import-progress");
        var bar = box.querySelector(".progress-bar");
        button.disabled = true;
        box.classList.remove("d-none");
        var timer = window.setInterval(function () {
            fetch(form.dataset.progressUrl, {credentials: "same-origin"})
                .then(function (response) { return response.json(); })
                .then(function (state) {
                    if (state.total) {
                        var percent = Math.round((100 * state.done) / state.total);
                        bar.style.width = percent + "%";
                        bar.setAttribute("aria-valuenow", String(percent));
                    }
                })
                .catch(function () {});
        }, 500);
        fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
            .then(function (response) {
                window.clearInterval(timer);
                bar.style.width = "100%";
                if (response.redirected) {
                    window.location.assign(response.url);
                    return;
                }
                return response.text().then(function (html) {
                    document.open();
                    document.write(html);
                    document.close();
                });
            })
            .catch(function () {
                window.clearInterval(timer);
                form.submit();
            });
    });
})();
