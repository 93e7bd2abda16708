// The product form asks a shopkeeper to confirm a category that is not their shop's (the view asks too,
// after saving): here the question appears as soon as such a category is picked, beside the choice, so
// the form is saved once, with its photos. Without JavaScript the view asks after the first save.
(function () {
  var question = document.querySelector("[data-category-question]");
  if (!question) return;
  var own = (question.getAttribute("data-own-categories") || "").split(",").filter(Boolean);
  var confirm = question.querySelector('input[name="category_confirm"]');
  var pane = document.getElementById("product_category");

  function selects() {
    return document.querySelectorAll('select[name^="productcategory_set-"][name$="-category"]');
  }
  function foreignPicked() {
    var list = selects();
    for (var i = 0; i < list.length; i++) {
      var deleted = document.querySelector('input[name="' + list[i].name.replace(/-category$/, "-DELETE") + '"]');
      if (list[i].value && own.indexOf(list[i].value) === -1 && !(deleted && deleted.checked)) return true;
    }
    return false;
  }
  function update() {
    var foreign = foreignPicked();
    if (foreign && question.hidden && pane) {
      // Beside the choice, where the shopkeeper is looking.
      pane.appendChild(question);
      question.classList.remove("col-12");
      question.classList.add("mt-3");
    }
    question.hidden = !foreign;
    if (!foreign) confirm.checked = false;
  }
  function changed(event) {
    var name = event.target.name || "";
    if (/^productcategory_set-\d+-(category|DELETE)$/.test(name)) update();
  }
  // Oscar turns the selects into select2 widgets, which announce a choice through jQuery only.
  if (window.jQuery) window.jQuery(document).on("change", changed);
  else document.addEventListener("change", changed);
})();
