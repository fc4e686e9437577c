/* Behaviour every page shares, from attributes instead of inline handlers
   (the Content-Security-Policy allows only script files of this origin). */
(function () {
  "use strict";

  // The header's menu button (narrow screens): html.js hides the menu until it is opened.
  document.documentElement.classList.add("js");
  function menuSet(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (menu) { menu.classList.toggle("open", open); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-nav-toggle]");
    if (button) {
      menuSet(button, button.getAttribute("aria-expanded") !== "true");
    }
  });
  document.addEventListener("keydown", function (event) {
    var button = document.querySelector("[data-nav-toggle][aria-expanded=true]");
    if (event.key === "Escape" && button) {
      menuSet(button, false);
      button.focus();
    }
  });

  // <select data-autosubmit>: changing it sends its form.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });

  // <form data-confirm="question">: sent only once the question is answered yes.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A box that scrolls sideways (a wide table on a phone) takes the keyboard's focus while
  // it scrolls, so the arrow keys scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
  function scrollBoxesFocusable() {
    document.querySelectorAll(".overflow-auto, .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollBoxesFocusable);
  document.addEventListener("htmx:afterSettle", scrollBoxesFocusable);
  window.addEventListener("resize", scrollBoxesFocusable);
})();
