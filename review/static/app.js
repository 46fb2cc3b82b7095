// Keyboard shortcuts of the workbench. No data lives here: the page's links and forms do the work.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
  }
  function follow(id) {
    var link = document.getElementById(id);
    if (link && link.href) { window.location.href = link.href; return true; }
    return false;
  }
  function submit(id) {
    var button = document.getElementById(id);
    if (button && !button.disabled) { button.click(); return true; }
    return false;
  }
  function focus(id) {
    var field = document.getElementById(id);
    if (field) { field.focus(); return true; }
    return false;
  }
  // item: the outcome the correction being typed would give, asked of the server (which runs
  // the rules on a copy of the record) by POST, so the value never goes into a URL
  var correctForm = document.getElementById("correct-form");
  var previewList = document.getElementById("preview-correct");
  if (correctForm && previewList && correctForm.dataset.preview) {
    var timer = null;
    var asked = 0;
    var ask = function () {
      var mine = ++asked;
      fetch(correctForm.dataset.preview, { method: "POST", body: new FormData(correctForm), credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (mine !== asked) { return; }           // a later keystroke's answer wins
          previewList.textContent = "";
          if (answer.error) {
            var note = document.createElement("li");
            note.className = "invalid";
            note.textContent = answer.error;
            previewList.appendChild(note);
            return;
          }
          answer.outcomes.forEach(function (o) {
            var row = document.createElement("li");
            row.dataset.person = o.person;
            var badge = document.createElement("span");
            badge.className = "outcome outcome-" + o.outcome;
            badge.textContent = o.label;
            row.appendChild(document.createTextNode(o.person + "："));
            row.appendChild(badge);
            if (o.rules.length) { row.appendChild(document.createTextNode(" " + o.rules.join("，"))); }
            if (o.second_check) { row.appendChild(document.createTextNode(" · " + o.second_check)); }
            previewList.appendChild(row);
          });
        })
        .catch(function () { previewList.textContent = ""; });
    };
    var later = function () { clearTimeout(timer); timer = setTimeout(ask, 200); };
    correctForm.addEventListener("input", later);
    correctForm.addEventListener("change", later);
  }
  // item: an answer can take a while (the last one writes the outputs): say so, and take no second
  var saving = document.getElementById("saving");
  Array.prototype.forEach.call(document.querySelectorAll(".actions form, #undo-form"), function (form) {
    form.addEventListener("submit", function () {
      if (saving) { saving.hidden = false; }
      Array.prototype.forEach.call(document.querySelectorAll(".actions button, #undo"), function (b) { b.disabled = true; });
    });
  });
  // queue and the copies awaiting sign-off: J/K move the selection, Enter opens it
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr[data-href], #copies tbody tr[data-href]")).filter(function (r) { return r.dataset.href; });
  var selected = -1;
  function select(index) {
    if (!rows.length) { return; }
    selected = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (r, i) { r.classList.toggle("selected", i === selected); });
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event.target)) {
      // Ctrl+Enter sends the form being typed in (a comment's Enter is a new line)
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.form) {
        event.preventDefault();
        event.target.form.requestSubmit();
      } else if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key.toLowerCase();
    var done = false;
    if (key === "/" && focus("search")) { done = true; }
    else if (rows.length) {
      if (key === "j") { select(selected + 1); done = true; }
      else if (key === "k") { select(selected - 1); done = true; }
      else if (key === "enter" && selected >= 0) { window.location.href = rows[selected].dataset.href; done = true; }
    } else if (key === "a") { done = submit("approve"); }
    else if (key === "u") { done = submit("undo"); }
    else if (key === "c") { done = focus("correct-value"); }
    else if (key === "s") { done = submit("sign-page"); }
    else if (key === "r") { done = focus("comment") || focus("reject-reason"); }
    else if (key === "j" || key === "arrowright") { done = follow("next"); }
    else if (key === "k" || key === "arrowleft") { done = follow("prev"); }
    else if (key === "f") { done = follow("whole-page"); }
    else if (key === "q" || key === "escape") { done = follow("queue-link") || follow("back"); }
    if (done) { event.preventDefault(); }
  });
})();
