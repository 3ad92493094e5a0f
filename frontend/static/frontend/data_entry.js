/* The data-entry grid while typing: flags a value outside its cell's plausible range
   (data-low / data-high, computed by the server: the rule lives in Python), explains why
   next to the cell and to screen readers, opens one shared editor for a cell's comment
   and confirmation, and brings the cell named in the address (#v-<unit>-<indicator>)
   into view. Nothing here decides what is plausible. */
(function () {
  "use strict";
  var table = document.getElementById("entry-grid");
  if (!table) return;
  var status = document.getElementById("grid-status");
  var lang = document.documentElement.lang || "vi";
  var GROUPED = /^\d{1,3}([., ])\d{3}(?:\1\d{3})*$/;

  function count(text) {
    var t = (text || "").trim().replace(/\u00a0/g, " ");
    if (/^\d+$/.test(t)) return parseInt(t, 10);
    if (GROUPED.test(t)) return parseInt(t.replace(/[., ]/g, ""), 10);
    return null; // blank or not a count: the server says what is wrong on saving
  }
  function number(value) {
    return Number(value).toLocaleString(lang);
  }
  function fill(template, input) {
    var d = input.dataset;
    return template
      .replace("%(low)s", d.low !== undefined ? number(d.low) : "…")
      .replace("%(high)s", d.high !== undefined ? number(d.high) : "…")
      .replace("%(median)s", d.median !== undefined ? number(d.median) : "…");
  }
  function key(input) { return input.name.slice(2); }
  /* "Commune · indicator", from the row and column headers that label the input. */
  function label(input) {
    var ids = (input.getAttribute("aria-labelledby") || "").split(" ");
    var row = document.getElementById(ids[0]), column = document.getElementById(ids[1]);
    return (row ? row.firstChild.textContent.trim() : "") + (column ? " · " + column.textContent.trim() : "");
  }
  function field(prefix, input) { return table.querySelector('input[name="' + prefix + key(input) + '"]'); }

  /* "" (plausible or blank), or the explanation of the flag. */
  function explanation(input) {
    var value = count(input.value), d = input.dataset, t = table.dataset;
    if (value === null) return "";
    if (d.low !== undefined && value < Number(d.low)) return fill(d.lb !== undefined ? t.tBoundLow : t.tHistory, input);
    if (d.high !== undefined && value > Number(d.high)) return fill(d.hb !== undefined ? t.tBoundHigh : t.tHistory, input);
    return "";
  }
  function confirmed(input) {
    var value = count(input.value), c = field("c-", input);
    if (value === null) return false;
    if (c) return c.value === "1" && count(c.dataset.value) === value;
    return input.dataset.confirmed !== undefined && Number(input.dataset.confirmed) === value;
  }

  function mark(input, announce) {
    var cell = input.parentNode, why = explanation(input), isConfirmed = why && confirmed(input);
    var id = "w" + input.name, note = document.getElementById(id);
    var before = cell.classList.contains("out") ? "out" : cell.classList.contains("confirmed") ? "confirmed" : "";
    var after = why ? (isConfirmed ? "confirmed" : "out") : "";
    cell.classList.remove("out", "confirmed");
    if (after) cell.classList.add(after);
    if (why) {
      if (!note) {
        note = document.createElement("span");
        note.className = "why";
        note.id = id;
        var prev = cell.querySelector(".prev");
        cell.insertBefore(note, prev ? prev.nextSibling : null);
      }
      note.textContent = isConfirmed ? table.dataset.tConfirmed + ": " + why : why;
      input.setAttribute("aria-describedby", id);
    } else if (note) {
      note.remove();
      input.removeAttribute("aria-describedby");
    }
    if (announce && after !== before && status) {
      status.textContent = after ? label(input) + ": " + note.textContent : "";
    }
  }

  table.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.name || input.name.slice(0, 2) !== "v-") return;
    var c = field("c-", input);
    // A confirmation made here holds for the value it confirmed, not for a new one.
    if (c && c.value === "1" && count(c.dataset.value) !== count(input.value)) c.remove();
    mark(input, true);
  });

  /* One comment button and one editor for the whole grid (the page stays small). */
  var button = document.getElementById("note-button");
  var editor = document.getElementById("note-editor");
  var current = null;
  if (button && editor) {
    var text = document.getElementById("note-text");
    var confirmBox = document.getElementById("note-confirm");
    var confirmRow = document.getElementById("note-confirm-row");
    var error = document.getElementById("note-error");
    var buttonText = button.textContent;

    table.addEventListener("focusin", function (event) {
      var input = event.target;
      if (!input.name || input.name.slice(0, 2) !== "v-") return;
      current = input;
      input.parentNode.appendChild(button);
      button.hidden = false;
      var note = field("n-", input);
      button.textContent = buttonText;
      button.setAttribute("aria-label", buttonText + " · " + label(input));
      button.classList.toggle("has-note", !!(note && note.value));
    });

    function hidden(prefix, input) {
      var existing = field(prefix, input);
      if (existing) return existing;
      var made = document.createElement("input");
      made.type = "hidden";
      made.name = prefix + key(input);
      input.parentNode.appendChild(made);
      return made;
    }

    function open() {
      if (!current) return;
      var note = field("n-", current), why = explanation(current);
      document.getElementById("note-title").textContent =
        label(current) + (current.value ? " = " + current.value : "");
      document.getElementById("note-why").textContent = why;
      text.value = note ? note.value : "";
      confirmRow.hidden = !why;
      confirmBox.checked = !!why && confirmed(current);
      error.textContent = "";
      editor.hidden = false;
      text.focus();
    }
    function close() {
      editor.hidden = true;
      if (current) current.focus();
    }
    function keep() {
      var comment = text.value.trim();
      if (confirmBox.checked && !confirmRow.hidden && !comment) {
        error.textContent = editor.dataset.needComment;
        text.focus();
        return;
      }
      var note = field("n-", current);
      if (comment || note) hidden("n-", current).value = comment;
      current.parentNode.classList.toggle("noted", !!comment);
      if (!confirmRow.hidden) {
        var wasConfirmed = confirmed(current);
        if (confirmBox.checked !== wasConfirmed || field("c-", current)) {
          var c = hidden("c-", current);
          c.value = confirmBox.checked ? "1" : "";
          c.dataset.value = current.value;
        }
      }
      mark(current, true);
      close();
    }
    button.addEventListener("click", open);
    document.getElementById("note-done").addEventListener("click", keep);
    document.getElementById("note-cancel").addEventListener("click", close);
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
  }

  /* A link from the data-quality page names a cell: show it and put the cursor in it. */
  function target() {
    var id = decodeURIComponent(location.hash.slice(1));
    var input = id && document.getElementById(id);
    if (!input || input.name !== id) return;
    var old = table.querySelector("td.target");
    if (old) old.classList.remove("target");
    input.parentNode.classList.add("target");
    input.scrollIntoView({ block: "center", inline: "center" });
    input.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", target);
  target();
})();
