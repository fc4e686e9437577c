/* Behaviour every page shares, from attributes instead of inline handlers
   (the Content-Security-Policy allows only script files of this origin). */
(function () {
  "use strict";

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
})();
