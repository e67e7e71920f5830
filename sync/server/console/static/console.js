// Bảng điều khiển tỉnh: the little the pages need beyond HTML. Everything works without it; it adds confirmations
// before what cannot be undone, copying a one-time code, and a refresh of the overview every two minutes.
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      ev.preventDefault();
      return;
    }
    var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = true; // one click, one request
    }
  });
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-copy]") : null;
    if (!el) return;
    var text = el.getAttribute("data-copy");
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(function () {
        el.textContent = "Đã chép";
      });
    }
  });
  var refresh = document.querySelector("meta[name=console-refresh]");
  if (refresh) {
    var seconds = parseInt(refresh.getAttribute("content"), 10) || 120;
    window.setTimeout(function () {
      if (!document.hidden) window.location.reload();
    }, seconds * 1000);
  }
  var first = document.querySelector("[autofocus]");
  if (first) first.focus();
})();
