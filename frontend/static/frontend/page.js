// What the pages once did with inline handlers (the Content-Security-Policy runs no inline
// script without the request's nonce): print buttons, confirmations, the language menu.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print], [data-confirm]");
    if (!target) return;
    if (target.hasAttribute("data-print")) window.print();
    else if (!window.confirm(target.getAttribute("data-confirm"))) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });
})();
