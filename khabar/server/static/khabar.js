// khabar dashboard: the only script (the Content-Security-Policy forbids inline ones).
// On an article page, bring the cited sentence into view and let a click on a
// sentence update the address to cite it (?s=N#sN).
(function () {
  "use strict";

  function citedSentence() {
    var params = new URLSearchParams(window.location.search);
    var s = params.get("s");
    var id = window.location.hash.replace(/^#/, "");
    if (/^s\d+$/.test(id)) {
      return document.getElementById(id);
    }
    if (s !== null && /^\d+$/.test(s)) {
      return document.getElementById("s" + s);
    }
    return null;
  }

  function mark(el) {
    var old = document.querySelectorAll(".sent.hl");
    for (var i = 0; i < old.length; i++) {
      if (old[i] !== el) { old[i].classList.remove("hl"); }
    }
    el.classList.add("hl");
  }

  function show() {
    var el = citedSentence();
    if (!el) { return; }
    mark(el);
    el.scrollIntoView({ block: "center" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    show();
    window.addEventListener("hashchange", show);
    var text = document.querySelector(".article .text");
    if (!text) { return; }
    text.addEventListener("click", function (ev) {
      var el = ev.target.closest ? ev.target.closest(".sent") : null;
      if (!el || window.getSelection().toString()) { return; }
      var n = el.getAttribute("data-s");
      history.replaceState(null, "", window.location.pathname + "?s=" + n + "#s" + n);
      mark(el);
    });
  });
})();
