/*
 * The handover screen's "Scanner le QR code": the phone's camera reads the QR code of the shopper's
 * confirmation email (it holds the bare pickup code), fills the code field and submits the form.
 *
 * The browser's BarcodeDetector when it reads QR codes, else jsQR (static/vendor/jsqr/), loaded only
 * when the camera starts. Without a camera, or without JavaScript, the button stays hidden and the
 * code is typed.
 */
(function () {
    "use strict";

    var root = document.querySelector("[data-scan]");
    var form = document.querySelector("[data-handover-form]");
    if (!root || !form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        return;
    }
    var input = form.querySelector("input[name=code]");
    var startButton = root.querySelector("[data-scan-start]");
    var view = root.querySelector("[data-scan-view]");
    var video = root.querySelector("[data-scan-video]");
    var stopButton = root.querySelector("[data-scan-stop]");
    var errorText = root.querySelector("[data-scan-error]");
    // Letters and digits only: what a pickup code can hold once spaces and dashes are gone.
    var CODE = /^[A-Z0-9]{4,12}$/;

    var stream = null;
    var timer = null;
    var canvas = null;

    root.hidden = false;

    function stop() {
        if (timer) {
            window.clearTimeout(timer);
            timer = null;
        }
        if (stream) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            stream = null;
        }
        video.srcObject = null;
        view.hidden = true;
        startButton.hidden = false;
    }

    function fail() {
        stop();
        errorText.hidden = false;
        input.focus();
    }

    function found(text) {
        var code = String(text || "").replace(/[\s-]+/g, "").toUpperCase();
        if (!CODE.test(code)) {
            return false;
        }
        stop();
        input.value = code;
        if (form.requestSubmit) {
            form.requestSubmit();
        } else {
            form.submit();
        }
        return true;
    }

    function loadJsQR() {
        if (window.jsQR) {
            return Promise.resolve(window.jsQR);
        }
        return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = root.getAttribute("data-jsqr");
            script.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error("jsQR")); };
            script.onerror = reject;
            document.head.appendChild(script);
        });
    }

    function nativeDetector() {
        if (!("BarcodeDetector" in window)) {
            return Promise.resolve(null);
        }
        var formats = window.BarcodeDetector.getSupportedFormats
            ? window.BarcodeDetector.getSupportedFormats()
            : Promise.resolve(["qr_code"]);
        return formats.then(function (supported) {
            return supported.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
        }, function () { return null; });
    }

    function readWith(detector) {
        // A few frames a second: enough to feel instant, light on an old phone's battery.
        if (detector) {
            return function () {
                return detector.detect(video).then(function (codes) {
                    return codes.length ? codes[0].rawValue : null;
                });
            };
        }
        return loadJsQR().then(function (jsQR) {
            canvas = canvas || document.createElement("canvas");
            var context = canvas.getContext("2d", { willReadFrequently: true });
            return function () {
                var width = video.videoWidth;
                var height = video.videoHeight;
                if (!width || !height) {
                    return Promise.resolve(null);
                }
                canvas.width = width;
                canvas.height = height;
                context.drawImage(video, 0, 0, width, height);
                var result = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
                    inversionAttempts: "dontInvert"
                });
                return Promise.resolve(result ? result.data : null);
            };
        });
    }

    function loop(read) {
        if (!stream) {
            return;
        }
        read().then(function (text) {
            if (stream && !(text && found(text))) {
                timer = window.setTimeout(function () { loop(read); }, 200);
            }
        }, function () {
            if (stream) {
                timer = window.setTimeout(function () { loop(read); }, 400);
            }
        });
    }

    startButton.addEventListener("click", function () {
        errorText.hidden = true;
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
            .then(function (media) {
                stream = media;
                video.srcObject = media;
                view.hidden = false;
                startButton.hidden = true;
                return video.play();
            })
            .then(nativeDetector)
            .then(readWith)
            .then(loop)
            .catch(fail);
    });

    stopButton.addEventListener("click", function () {
        stop();
        input.focus();
    });

    // Leaving the page (or the tab) lets go of the camera.
    window.addEventListener("pagehide", stop);
    document.addEventListener("visibilitychange", function () {
        if (document.hidden && stream) {
            stop();
        }
    });
})();
