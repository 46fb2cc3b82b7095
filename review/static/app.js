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
  // -- answers saved in the background -------------------------------------------------------------
  // An answer is posted with fetch (the server answers JSON) while the next item, whose address
  // the page carries (data-next), is fetched and put in place of <main>: the reviewer never
  // waits for the dossier to be decided again. Each answer gets a line in #saves (outside
  // <main>, so it stays) that says saving, saved (with undo) or not saved (with retry, or the
  // server's reason). Leaving the page while an answer is unsaved would lose it: the browser asks first.
  var saves = document.getElementById("saves");
  var unsettled = 0;
  var rows = [];
  var selected = -1;
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function hidden(form, name, value) {
    var input = element("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }
  function undoForm(entry) {
    var form = element("form", "inline");
    form.method = "post";
    form.action = entry.action.replace(/\/[a-z]+$/, "/undo");
    hidden(form, "csrf", saves.dataset.csrf);
    ["f_court", "f_reason", "f_status"].forEach(function (name) { hidden(form, name, entry.data.get(name) || ""); });
    var button = element("button", "undo", saves.dataset.undo + " ");
    button.type = "submit";
    button.appendChild(element("kbd", "", "U"));
    Array.prototype.forEach.call(document.querySelectorAll("#saves .undo"), function (b) { b.removeAttribute("id"); });
    button.id = "undo";
    form.appendChild(button);
    form.addEventListener("submit", function () { button.disabled = true; });   // one undo, not two
    return form;
  }
  function render(entry, state, message, retry) {
    entry.line.className = "save " + state;
    entry.line.setAttribute("role", state === "failed" ? "alert" : "status");
    entry.line.textContent = "";
    entry.line.appendChild(document.createTextNode((state === "pending" ? saves.dataset.saving
      : state === "saved" ? saves.dataset.saved : saves.dataset.failed) + "："));
    var link = element("a", "mono answered", entry.label);
    link.href = entry.item;
    entry.line.appendChild(link);
    if (message) { entry.line.appendChild(document.createTextNode(" · " + message)); }
    if (state === "saved" && entry.undo) { entry.line.appendChild(undoForm(entry)); }
    if (state === "failed" && retry) {
      var again = element("button", "retry", saves.dataset.retry);
      again.type = "button";
      again.addEventListener("click", function () { send(entry); });
      entry.line.appendChild(again);
    }
  }
  function send(entry) {
    unsettled += entry.failed ? 0 : 1;
    entry.failed = false;
    render(entry, "pending");
    fetch(entry.action, { method: "POST", body: entry.data, credentials: "same-origin",
                          headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok) {
            unsettled -= 1;
            entry.undo = body.undo;
            render(entry, "saved", body.label);
            refresh(entry.dossier);
          } else {
            entry.failed = true;
            // the server's reason (answered meanwhile, claimed by another) is final; anything else may pass on retry
            render(entry, "failed", body.error || String(response.status), !body.error);
          }
        });
      })
      .catch(function () { entry.failed = true; render(entry, "failed", saves.dataset.network, true); });
  }
  window.addEventListener("beforeunload", function (event) {
    if (unsettled > 0) { event.preventDefault(); event.returnValue = ""; }
  });
  function replaceMain(html, url, push) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main");
    if (!main) { return false; }
    document.querySelector("main").replaceWith(document.importNode(main, true));
    document.title = doc.title;
    var lang = doc.getElementById("lang-switch");
    if (lang) { document.getElementById("lang-switch").href = lang.getAttribute("href"); }
    if (push) { history.pushState(null, "", url); }
    bind(document.querySelector("main"));
    return true;
  }
  function show(url) {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.text().then(function (html) { return [html, response.url]; }); })
      .then(function (page) { if (!replaceMain(page[0], page[1], true)) { window.location.href = url; } window.scrollTo(0, 0); })
      .catch(function () { window.location.href = url; });
  }
  // an answer saved while another item of its dossier is shown: that item's outcome changed
  function refresh(dossier) {
    var actions = document.querySelector("main .actions");
    if (!actions || actions.dataset.dossier !== dossier) { return; }
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!doc.querySelector("main .actions")) { replaceMain(html, window.location.href, false); return; }
        ["item-status", "current", "outcomes", "reasons", "preview-approve", "preview-reject"].forEach(function (id) {
          var now = document.getElementById(id), fresh = doc.getElementById(id);
          if (now && fresh) { now.replaceWith(document.importNode(fresh, true)); }
        });
      });
  }
  window.addEventListener("popstate", function () { window.location.reload(); });

  function bind(root) {
    // item: the outcome the correction being typed would give, asked of the server (which runs
    // the rules on a copy of the record) by POST, so the value never goes into a URL
    var correctForm = root.querySelector("#correct-form");
    var previewList = root.querySelector("#preview-correct");
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
              previewList.appendChild(element("li", "invalid", answer.error));
              return;
            }
            answer.outcomes.forEach(function (o) {
              var row = document.createElement("li");
              row.dataset.person = o.person;
              row.appendChild(document.createTextNode(o.person + "："));
              row.appendChild(element("span", "outcome outcome-" + o.outcome, o.label));
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
    // item: an answer goes in the background and the next item is shown
    var actions = root.querySelector(".actions");
    Array.prototype.forEach.call(root.querySelectorAll(".actions form"), function (form) {
      form.addEventListener("submit", function (event) {
        if (!saves || !actions || !actions.dataset.next) { return; }
        event.preventDefault();
        Array.prototype.forEach.call(root.querySelectorAll(".actions button"), function (b) { b.disabled = true; });
        var entry = { action: form.action, data: new FormData(form), label: actions.dataset.label,
                      item: actions.dataset.item, dossier: actions.dataset.dossier, line: element("p") };
        saves.appendChild(entry.line);
        send(entry);
        // the answer may reach the server after the page: its list must leave the item out
        var itemPath = form.action.replace(/^https?:\/\/[^/]+\/items\//, "").replace(/\/[a-z]+$/, "");
        show(actions.dataset.next + (actions.dataset.next.indexOf("?") < 0 ? "?" : "&") + "saving=" + itemPath);
      });
    });
    // queue and the copies awaiting sign-off: J/K move the selection, Enter opens it
    rows = Array.prototype.slice.call(root.querySelectorAll("#queue tbody tr[data-href], #copies tbody tr[data-href]")).filter(function (r) { return r.dataset.href; });
    selected = -1;
  }
  function select(index) {
    if (!rows.length) { return; }
    selected = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (r, i) { r.classList.toggle("selected", i === selected); });
    rows[selected].scrollIntoView({ block: "nearest" });
  }
  bind(document);
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
    else if (key === "s") { done = submit("skip") || submit("sign-page"); }   // an item skips, a copy's page signs
    else if (key === "l") { done = submit("claim-button"); }
    else if (key === "c") { done = focus("correct-value"); }
    else if (key === "r") { done = focus("comment") || focus("reject-reason"); }
    else if (key === "j" || key === "arrowright") { done = follow("next"); }
    else if (key === "k" || key === "arrowleft") { done = follow("prev"); }
    else if (key === "f") { done = follow("whole-page"); }
    else if (key === "q" || key === "escape") { done = follow("queue-link") || follow("back"); }
    if (done) { event.preventDefault(); }
  });
})();
