(function () {
  "use strict";
  var list = document.getElementById("disc-list");
  if (!list) {
    return;
  }
  var rows = Array.prototype.slice.call(list.querySelectorAll(".disc"));
  var kindButtons = Array.prototype.slice.call(document.querySelectorAll("button[data-filter='kind']"));
  var relationBoxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter='relation']"));
  var shown = document.getElementById("disc-shown");
  var empty = document.getElementById("disc-empty");
  var reset = document.getElementById("disc-reset");

  function apply() {
    var kinds = {};
    var relations = {};
    kindButtons.forEach(function (b) {
      kinds[b.getAttribute("data-value")] = b.getAttribute("aria-pressed") === "true";
    });
    relationBoxes.forEach(function (box) {
      relations[box.value] = box.checked;
    });
    var n = 0;
    rows.forEach(function (row) {
      var visible = kinds[row.getAttribute("data-kind")] !== false &&
        relations[row.getAttribute("data-relation")] !== false;
      row.hidden = !visible;
      if (visible) {
        n += 1;
      }
    });
    shown.textContent = n === rows.length ? n + " shown" : n + " of " + rows.length + " shown";
    empty.hidden = n > 0;
  }

  function showAll() {
    kindButtons.forEach(function (b) { b.setAttribute("aria-pressed", "true"); });
    relationBoxes.forEach(function (box) { box.checked = true; });
    apply();
  }

  kindButtons.forEach(function (b) {
    b.addEventListener("click", function () {
      b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
      apply();
    });
  });
  relationBoxes.forEach(function (box) {
    box.addEventListener("change", apply);
  });
  reset.addEventListener("click", showAll);

  // A link to a discrepancy that the filters hide shows everything again.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.hidden && list.contains(target)) {
      showAll();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
}());
