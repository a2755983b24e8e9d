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
      // Finnish, Swedish and English have one form for 1 and another for every other number.
      var chosenLabel = section.getAttribute(chosen === 1 ? "data-chosen-one" : "data-chosen-other");
      label += " (" + chosenLabel.replace("{count}", chosen) + ")";
    }
    button.textContent = label;
    button.setAttribute("aria-expanded", filtersOpen ? "true" : "false");
    options.hidden = !filtersOpen;
  }

  // The directory's form asks htmx for new results on submit and when a filter changes
  // ("filter-change"), not on the search box's own change event: pressing Enter in the box
  // fires both, which sent two requests and pushed two history entries.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form.directory");
    if (form && event.target.type !== "search" && window.htmx) {
      window.htmx.trigger(form, "filter-change");
    }
  });

  // htmx keeps a copy of the page for Back. The search box is outside the swapped results,
  // and the copy keeps its value attribute, which would stay the words of the first page load:
  // after each swap it becomes the words of the results now shown.
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = document.querySelector("form.directory input[type='search']");
    var xhr = event.detail && event.detail.xhr;
    if (box && xhr && xhr.responseURL) {
      box.setAttribute("value", new URL(xhr.responseURL).searchParams.get(box.name) || "");
    }
  });
  // After Back, the restored box shows those words (its live value follows the attribute).
  document.addEventListener("htmx:historyRestore", function () {
    var box = document.querySelector("form.directory input[type='search']");
    if (box) {
      box.value = box.getAttribute("value") || "";
    }
  });

  // htmx's POSTs send the CSRF token of the form they are in (each hx-post sits in a form with
  // {% csrf_token %}, which htmx submits too), also as the header Django reads first. The
  // layout no longer puts a token on every page: minting one cost every anonymous page a new
  // cookie.
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    var form = source && source.closest ? source.closest("form") : null;
    var token =
      (form && form.querySelector("input[name='csrfmiddlewaretoken']")) ||
      document.querySelector("input[name='csrfmiddlewaretoken']");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.value;
    }
  });

  ready(foldFilters);
  narrowScreen.addEventListener("change", foldFilters);
  document.addEventListener("htmx:afterSettle", foldFilters);

  // The organisation form's "Show the municipalities of this welfare area": the municipality
  // and network lists of the chosen area are swapped in place, and focus moves to the first
  // municipality. Without JavaScript (or if the request fails) the form reloads at them.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[name='action'][value='refresh']");
    if (!button || !button.form || !window.fetch || !window.DOMParser) {
      return;
    }
    event.preventDefault();
    var form = button.form;
    var data = new FormData(form);
    Array.from(data.keys()).forEach(function (key) {
      if (data.get(key) instanceof File) {
        data.delete(key);
      }
    });
    data.set("action", "refresh");
    button.setAttribute("aria-busy", "true");
    // (form.action would be the buttons named "action".)
    var address = form.getAttribute("action") || window.location.href.split("#")[0];
    fetch(address, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["field-municipalities", "field-networks"].forEach(function (id) {
          var old = document.getElementById(id);
          var replacement = fresh.getElementById(id);
          if (old && replacement) {
            old.replaceWith(document.importNode(replacement, true));
          }
        });
        var field = document.getElementById("field-municipalities");
        var target = field && (field.querySelector("input") || field);
        document.querySelectorAll("#field-municipalities [autofocus]").forEach(function (el) {
          el.removeAttribute("autofocus");
        });
        button.removeAttribute("aria-busy");
        if (target) {
          target.focus();
        }
      })
      .catch(function () {
        button.removeAttribute("aria-busy");
        form.requestSubmit(button);
      });
  });

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
