// "Mêmes horaires du lundi au samedi": the form copies Monday's hours to Tuesday–Saturday when it is
// saved; this shows the copy at once, so the page says what will be saved. Typing in one of the copied
// days unticks the box (that day is then saved as typed). Without JavaScript the form works the same.
(function () {
  function setUp(form) {
    var box = form.querySelector('input[type="checkbox"][name$="same_every_weekday"]');
    var monday = form.querySelector('input[name$="day_1"]');
    if (!box || !monday) return;
    var copied = [];
    for (var day = 2; day <= 6; day++) {
      var field = form.querySelector('input[name$="day_' + day + '"]');
      if (field) copied.push(field);
    }
    var status = document.createElement("span");
    status.className = "sr-only";
    status.setAttribute("role", "status");
    box.parentNode.appendChild(status);

    function copy() {
      copied.forEach(function (field) { field.value = monday.value; });
    }
    box.addEventListener("change", function () {
      if (box.checked) copy();
      status.textContent = box.checked ? form.getAttribute("data-same-week") || "" : "";
    });
    monday.addEventListener("input", function () {
      if (box.checked) copy();
    });
    copied.forEach(function (field) {
      field.addEventListener("input", function () {
        box.checked = false;
        status.textContent = "";
      });
    });
    if (box.checked) copy();
  }
  var forms = document.querySelectorAll("[data-same-week]");
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
