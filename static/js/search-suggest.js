// Suggestions under a search box as the shopper types (ARIA combobox with a listbox).
// Enhances every `form[data-suggest-url]` search field; without JavaScript the form simply submits.
// Suggestions come as JSON from the form's data-suggest-url: {suggestions: [{label, detail, kind_label,
// url}], all: {label, url}}; every text is server-side (translated) and inserted as text, never as HTML.
(function () {
  "use strict";
  // Loaded by base.html and perhaps again by a page: the first copy does the work.
  if (!window.fetch || !document.querySelector || window.searchSuggestLoaded) return;
  window.searchSuggestLoaded = true;

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;
  var counter = 0;

  function enhance(form) {
    var input = form.querySelector('input[name="q"]');
    if (!input || input.hasAttribute("data-suggest-ready")) return;
    input.setAttribute("data-suggest-ready", "");
    var url = form.getAttribute("data-suggest-url");
    var id = "search-suggest-" + ++counter;

    // The input and its list share a positioned wrapper, so the list opens right under the box.
    var wrapper = document.createElement("div");
    wrapper.className = "search-suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "search-suggest__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("div");
    status.className = "search-suggest__status";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    // The browser's own history list would cover ours.
    input.setAttribute("autocomplete", "off");
    list.setAttribute("aria-label", "Suggestions");

    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(item, index, extraClass) {
      var li = document.createElement("li");
      li.id = id + "-option-" + index;
      li.className = "search-suggest__option" + (extraClass ? " " + extraClass : "");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      if (item.kind_label) {
        var kind = document.createElement("span");
        kind.className = "search-suggest__kind";
        kind.textContent = item.kind_label;
        li.appendChild(kind);
      }
      var label = document.createElement("span");
      label.className = "search-suggest__label";
      label.textContent = item.label;
      li.appendChild(label);
      if (item.detail) {
        var detail = document.createElement("span");
        detail.className = "search-suggest__detail";
        detail.textContent = item.detail;
        li.appendChild(detail);
      }
      // mousedown, not click: the input keeps its focus and the list is not closed by the blur first.
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        go(index);
      });
      return li;
    }

    function render(data) {
      items = (data.suggestions || []).slice();
      if (items.length && data.all) items.push(data.all);
      list.textContent = "";
      items.forEach(function (item, index) {
        var isAll = data.all && index === items.length - 1;
        list.appendChild(option(item, index, isAll ? "search-suggest__option--all" : ""));
      });
      active = -1;
      var count = (data.suggestions || []).length;
      status.textContent = count ? count + (count > 1 ? " suggestions" : " suggestion") : "";
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function go(index) {
      var item = items[index];
      if (item && item.url) window.location.href = item.url;
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < MIN_LENGTH) {
        render({ suggestions: [] });
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          // A late answer to an older query must not replace the current one.
          if (input.value.trim() === query) render(data);
        })
        .catch(function () {
          /* offline or aborted: the form still submits */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          if (items.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= items.length) next = -1;
        if (next < -1) next = items.length - 1;
        setActive(next);
      } else if (event.key === "Enter") {
        // With an option highlighted, Enter opens it; otherwise the form submits as usual.
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
    input.addEventListener("focus", function () {
      if (items.length && input.value.trim() === lastQuery) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-suggest-url]");
    if (!forms.length) return;
        Array.prototype.forEach.call(forms, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
