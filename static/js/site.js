// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  // The directory's filters on a phone: folded behind a button so the results are near the
  // top. Without JavaScript, and on wider screens, they are always shown. The choice to open
  // them is kept when htmx swaps in new results.
  var narrowScreen = window.matchMedia("(max-width: 47.99em)");
  var filtersOpen = false;

  function foldFilters() {
    var section = document.querySelector(".directory__facets");
    var options = document.getElementById("filter-options");
    if (!section || !options) {
      return;
    }
    var button = section.querySelector(".facet__toggle");
    if (!narrowScreen.matches) {
      if (button) {
        button.remove();
      }
      options.hidden = false;
      return;
    }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary facet__toggle";
      button.setAttribute("aria-controls", options.id);
      button.addEventListener("click", function () {
        filtersOpen = !filtersOpen;
        foldFilters();
      });
      section.insertBefore(button, options);
    }
    var chosen = options.querySelectorAll("input[type='checkbox']:checked").length;
    var label = section.getAttribute(filtersOpen ? "data-hide-label" : "data-show-label");
    if (chosen && !filtersOpen) {
      label += " (" + section.getAttribute("data-chosen-label").replace("{count}", chosen) + ")";
    }
    button.textContent = label;
    button.setAttribute("aria-expanded", filtersOpen ? "true" : "false");
    options.hidden = !filtersOpen;
  }

  ready(foldFilters);
  narrowScreen.addEventListener("change", foldFilters);
  document.addEventListener("htmx:afterSettle", foldFilters);

  ready(function () {
    // After a failed submit, move focus to the error summary so it is read out first.
    var summary = document.querySelector(".error-summary[tabindex='-1']");
    if (summary) {
      summary.focus();
    }

    // Buttons with data-confirm ask before submitting (e.g. removing something).
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-confirm]");
      if (button && !window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
