// Filters for the drill catalogue (drillcards site): level, category and a text search.
// Without JavaScript the form stays hidden and every drill is listed.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var level = document.getElementById("filter-level");
  var category = document.getElementById("filter-category");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var drills = Array.prototype.slice.call(document.querySelectorAll("article.drill"));

  function apply() {
    var wantLevel = level.value;
    var wantCategory = category.value;
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    drills.forEach(function (drill) {
      var text = drill.getAttribute("data-text");
      var match = (!wantLevel || drill.getAttribute("data-level") === wantLevel) &&
        (!wantCategory || drill.getAttribute("data-category") === wantCategory) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      drill.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = count + (count === 1 ? " drill" : " drills") +
      (count === drills.length ? "" : " of " + drills.length) + " shown";
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  [level, category].forEach(function (control) { control.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  form.hidden = false;
  apply();
}());
