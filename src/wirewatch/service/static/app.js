// wirewatch workbench: highlight layers on and off, and a quote's pieces lit together on hover.
(function () {
  "use strict";
  document.querySelectorAll(".layers input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll(".body, .headline").forEach(function (el) {
        el.classList.toggle("off-" + box.dataset.layer, !box.checked);
      });
    });
  });
  function light(index, on) {
    document.querySelectorAll('.hl[data-quote="' + index + '"]').forEach(function (el) {
      el.classList.toggle("focus", on);
    });
  }
  document.querySelectorAll(".hl[data-quote], .quote-item[data-quote]").forEach(function (el) {
    var index = el.dataset.quote;
    if (!/^[0-9]+$/.test(index)) { return; }
    el.addEventListener("mouseenter", function () { light(index, true); });
    el.addEventListener("mouseleave", function () { light(index, false); });
  });
})();
