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
    // as the page folds each drill's text (Python's casefold): lower case, and ß as ss
    var words = search.value.toLowerCase().replace(/ß/g, "ss").split(/\s+/).filter(Boolean);
    var count = 0;
    drills.forEach(function (drill) {
      var text = drill.getAttribute("data-text");
      var match = (!wantLevel || drill.getAttribute("data-level") === wantLevel) &&
        (!wantCategory || drill.getAttribute("data-category") === wantCategory) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      drill.hidden = !match;
      if (match) { count += 1; }
    });
    var all = count === drills.length;
    shown.textContent = say(all ? "data-shown" : "data-shown-of", count)
      .replace("{total}", drills.length);
  }

  // "3 drills shown", in the page's language: the count's forms are in data attributes, and
  // data-plurals holds the language's plural category (CLDR) of every count from 0 up.
  var plurals = JSON.parse(shown.getAttribute("data-plurals") || "[]");
  function say(attribute, count) {
    var forms = JSON.parse(shown.getAttribute(attribute));
    var form = count === 0 && forms.zero ? forms.zero : forms[plurals[count]] || forms.other;
    return form.replace("{n}", count);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  [level, category].forEach(function (control) { control.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  form.hidden = false;
  apply();
}());
