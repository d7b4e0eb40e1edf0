// Copy-link button on article pages: shown only when the browser can copy, so it never does nothing.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-url]").forEach(function (button) {
    var status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-url");
      var done = function (message) { if (status) { status.textContent = message; } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(
          function () { done(button.getAttribute("data-label-done")); },
          function () { done(button.getAttribute("data-label-fail") + url); }
        );
      } else {
        done(button.getAttribute("data-label-fail") + url);
      }
    });
  });
})();
