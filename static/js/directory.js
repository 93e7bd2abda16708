// "Autour de moi": fills the hidden lat/lng with the browser's position and submits.
// Without JavaScript or permission, the town list still sorts by distance.
(function () {
  var button = document.querySelector("[data-locate]");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var form = button.form;
      form.elements.lat.value = position.coords.latitude.toFixed(5);
      form.elements.lng.value = position.coords.longitude.toFixed(5);
      form.elements.near.value = "";
      form.submit();
    });
  });
})();
