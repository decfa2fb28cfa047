// The pages of drillcards serve. Every page works without this script (its forms GET the
// server, which answers with the new page); with it, the catalogue filters at once and the
// session builder changes in place: the address and the preview follow every change.
(function () {
  "use strict";

  function words(text) {  // as the server folds text (Python's casefold): lower case, ß as ss
    return text.toLowerCase().replace(/ß/g, "ss").split(/\s+/).filter(Boolean);
  }

  function matches(element, wanted) {
    var text = (element.getAttribute("data-text") || "").replace(/ß/g, "ss");
    return wanted.every(function (word) { return text.indexOf(word) !== -1; });
  }

  // --- the catalogue ---------------------------------------------------------------------------
  (function catalogue() {
    var form = document.getElementById("filters");
    if (!form) { return; }
    var level = document.getElementById("filter-level");
    var category = document.getElementById("filter-category");
    var search = document.getElementById("search");
    var lang = document.getElementById("filter-lang");
    var shown = document.getElementById("shown");
    var drills = Array.prototype.slice.call(document.querySelectorAll("article.drill"));

    function apply() {
      var wanted = words(search.value);
      var count = 0;
      drills.forEach(function (drill) {
        var match = (!level.value || drill.getAttribute("data-level") === level.value) &&
          (!category.value || drill.getAttribute("data-category") === category.value) &&
          matches(drill, wanted);
        drill.hidden = !match;
        if (match) { count += 1; }
      });
      shown.textContent = count + " of " + drills.length + " drills shown";
    }

    [level, category].forEach(function (control) { control.addEventListener("change", apply); });
    search.addEventListener("input", apply);
    lang.addEventListener("change", function () { form.submit(); });  // words come from the server
    form.querySelector(".apply").hidden = true;
    apply();
  }());

  // --- the session builder ---------------------------------------------------------------------
  (function builder() {
    var form = document.getElementById("builder");
    if (!form) { return; }
    var SESSION = ["title", "date", "start", "notes", "warmup", "warmup_minutes", "cooldown",
      "cooldown_minutes"];
    var COLUMNS = ["minutes", "dosage", "note"];
    var list = document.getElementById("items");
    var template = document.getElementById("item-template");
    var preview = document.getElementById("preview");
    var noPreview = document.getElementById("no-preview");
    var problem = document.getElementById("problem");
    var status = document.getElementById("status");
    var empty = document.getElementById("empty");
    var find = document.getElementById("find");
    var picks = Array.prototype.slice.call(document.querySelectorAll("#catalogue li.pick"));
    var timer = null;
    var dragged = null;

    form.querySelector("p.update").hidden = true;  // changes show by themselves
    find.parentNode.hidden = false;

    function rows() { return Array.prototype.slice.call(list.querySelectorAll("li.item")); }
    function field(row, name) { return row.querySelector("[name=" + name + "]"); }
    function value(name) {
      var element = form.elements.namedItem(name);
      return element ? element.value.trim() : "";
    }
    function say(text) { status.textContent = text; }

    // The session's address, as the server writes it: set fields, then the items side by side.
    function address() {
      var out = new URLSearchParams();
      SESSION.forEach(function (name) { if (value(name)) { out.append(name, value(name)); } });
      var items = rows();
      var columns = COLUMNS.filter(function (name) {
        return items.some(function (row) { return field(row, name).value.trim(); });
      });
      items.forEach(function (row) {
        out.append("drill", row.getAttribute("data-drill"));
        columns.forEach(function (name) { out.append(name, field(row, name).value.trim()); });
      });
      return withPrinting(out).toString();
    }

    function withPrinting(params) {
      ["lang", "paper"].forEach(function (name) {
        if (value(name)) { params.append(name, value(name)); }
      });
      return params;
    }

    function cardsAddress() {
      var out = new URLSearchParams();
      var seen = {};
      rows().forEach(function (row) {
        var drill = row.getAttribute("data-drill");
        if (!seen[drill]) { seen[drill] = true; out.append("drill", drill); }
      });
      return withPrinting(out).toString();
    }

    function renumber() {
      rows().forEach(function (row, index) {
        var name = row.getAttribute("data-name");
        row.querySelector(".number").textContent = (index + 1) + ".";
        [["up", "Move " + name + " up"], ["down", "Move " + name + " down"],
          ["remove", "Remove " + name]].forEach(function (pair) {
          var button = row.querySelector("." + pair[0]);
          button.value = pair[0] + ":" + index;
          button.setAttribute("aria-label", pair[1]);
        });
      });
      empty.hidden = rows().length > 0;
    }

    function changed(now) {
      renumber();
      clearTimeout(timer);
      timer = setTimeout(refresh, now ? 0 : 350);
    }

    function refresh() {
      var query = address();
      history.replaceState(null, "", "/session?" + query);
      document.getElementById("download-session").href = "/pdf/session.pdf?" + query;
      document.getElementById("download-handout").href = "/pdf/handout.pdf?" + query;
      document.getElementById("download-cards").href = "/pdf/cards.pdf?" + cardsAddress();
      document.getElementById("share").href = "/session?" + query;
      if (!value("title") || !rows().length) {
        preview.hidden = true;
        noPreview.hidden = false;
        clearProblem();
        return;
      }
      // asked first, so a session being typed in is told its mistake without a failed image
      fetch("/check/session?" + query).then(function (response) {
        return response.text();
      }).then(function (text) {
        if (location.search.slice(1) !== query) { return; }  // changed again meanwhile
        if (text.trim()) {
          preview.hidden = true;
          noPreview.hidden = false;
          showProblem(text);
          return;
        }
        var source = "/preview/session.png?" + query;
        if (preview.getAttribute("src") !== source) {
          preview.setAttribute("src", source);  // its load event shows it
        } else {
          preview.hidden = false;
          noPreview.hidden = true;
          clearProblem();
        }
      });
    }

    function clearProblem() {
      problem.hidden = true;
      problem.textContent = "";
    }

    function showProblem(text) {
      var block = document.createElement("pre");
      block.textContent = text.trim();
      problem.textContent = "";
      problem.appendChild(block);
      problem.hidden = false;
    }

    preview.addEventListener("load", function () {
      preview.hidden = false;
      noPreview.hidden = true;
      clearProblem();
    });
    preview.addEventListener("error", function () {  // the server said why, as text: show it
      var source = preview.getAttribute("src");
      if (!source) { return; }
      fetch(source).then(function (response) { return response.text(); }).then(function (text) {
        if (preview.getAttribute("src") !== source) { return; }
        preview.hidden = true;
        noPreview.hidden = false;
        showProblem(text);
      });
    });

    function add(drill) {
      var pick = picks.filter(function (p) { return p.getAttribute("data-drill") === drill; })[0];
      var row = template.content.firstElementChild.cloneNode(true);
      var name = pick.getAttribute("data-name");
      row.setAttribute("data-drill", drill);
      row.setAttribute("data-name", name);
      field(row, "drill").value = drill;
      field(row, "dosage").placeholder = pick.getAttribute("data-dosage");
      row.querySelector(".name").textContent = name;
      list.appendChild(row);
      changed(true);
      say(name + " added as drill " + rows().length);
    }

    function move(row, step) {
      var items = rows();
      var from = items.indexOf(row);
      var to = from + step;
      if (to < 0 || to >= items.length) { return; }
      list.insertBefore(row, step < 0 ? items[to] : items[to].nextSibling);
      changed(true);
      say(row.getAttribute("data-name") + " moved to place " + (to + 1) + " of " + items.length);
    }

    function remove(row) {
      var items = rows();
      var next = items[items.indexOf(row) + 1] || items[items.indexOf(row) - 1];
      list.removeChild(row);
      changed(true);
      say(row.getAttribute("data-name") + " removed");
      (next ? next.querySelector(".remove") : document.getElementById("title")).focus();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = event.submitter;
      if (!button || button.name !== "add" && button.name !== "op" || button.value === "update") {
        changed(true);
        return;
      }
      if (button.name === "add") { add(button.value); return; }
      var row = button.closest("li.item");
      if (button.classList.contains("remove")) { remove(row); return; }
      move(row, button.classList.contains("up") ? -1 : 1);
      button.focus();
    });

    form.addEventListener("input", function (event) {
      if (event.target.id !== "find") { changed(false); }
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "lang") {  // the drills' names come from the server
        location.assign("/session?" + address());
      }
    });

    // Alt+Arrow in any field of an item moves it; the focus stays where it was.
    list.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) { return; }
      var row = event.target.closest("li.item");
      if (!row) { return; }
      event.preventDefault();
      var focused = document.activeElement;
      move(row, event.key === "ArrowUp" ? -1 : 1);
      if (focused) { focused.focus(); }
    });

    // Drag and drop by an item's handle.
    list.addEventListener("mousedown", function (event) {
      var handle = event.target.closest(".handle");
      if (handle) { handle.closest("li.item").draggable = true; }
    });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li.item");
      if (!dragged) { return; }
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-drill"));
      dragged.classList.add("dragging");
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var over = event.target.closest("li.item");
      if (!over || over === dragged) { return; }
      var box = over.getBoundingClientRect();
      list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) { event.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged.classList.remove("dragging");
      dragged.draggable = false;
      say(dragged.getAttribute("data-name") + " moved to place " +
          (rows().indexOf(dragged) + 1) + " of " + rows().length);
      dragged = null;
      changed(true);
    });

    find.addEventListener("input", function () {
      var wanted = words(find.value);
      picks.forEach(function (pick) { pick.hidden = !matches(pick, wanted); });
    });
  }());
}());
