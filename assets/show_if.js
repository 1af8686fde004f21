// Progressive enhancement only: hides questions whose show_if does not hold yet. Without this
// script every question shows, and the server ignores answers to questions that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  if (!form) return;
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-show-if]"));
  function values(name) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.value.trim() !== "") out.push(el.value.trim());
    });
    return out;
  }
  function hidden(id) {
    var group = document.getElementById("q-" + id);
    return group !== null && group.hidden;
  }
  function holds(group) {
    var q = group.getAttribute("data-show-if");
    var test = group.getAttribute("data-test");
    var wanted = (group.getAttribute("data-values") || "").split(" ").filter(Boolean);
    var given = hidden(q) ? [] : values(q);
    if (test === "answered") return (given.length > 0) === (wanted[0] !== "false");
    return given.some(function (v) { return wanted.indexOf(v) !== -1; });
  }
  function update() {
    groups.forEach(function (group) { group.hidden = !holds(group); });
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
