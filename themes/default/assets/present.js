/* journeygen: presentation mode for a journey map, for a workshop or a client call.
   The map fills the screen and shows one stage at a time: its column wide, with every lane,
   the other stages dimmed beside it. Right/Left (or Page Down/Up, Space) step through the
   stages, Home/End jump, Esc leaves. Started by the page's Present button or by ?present
   in the address (?present=3 starts at stage 3). Loaded on journey pages only.
   After `journeygen serve` has put a rebuilt page's body in place (`journeygen:swap`), the
   new map is set up, and a presentation that was running goes on at the same stage. */
(function () {
  "use strict";
  var doc = document;
  var html = doc.documentElement;
  var section, table, button, scroller, stages, count, feelings;
  var current = -1;
  var bar = null;
  var status = null;
  var dots = [];
  var wentFullscreen = false;

  function label(name) {
    return button.getAttribute("data-" + name) || "";
  }

  /* The map of the page's body; false when it has none to present. */
  function setUp() {
    section = doc.querySelector(".jg-section--map");
    table = section && section.querySelector("table.jg-map");
    button = doc.querySelector("[data-present]");
    if (!table || !table.tHead || !button) return false;
    scroller = section.querySelector(".jg-map-scroll");
    stages = Array.prototype.slice.call(table.tHead.rows[0].cells, 1);
    count = stages.length;
    if (!count) return false;
    feelings = section.querySelectorAll(".jg-curve table tbody tr");
    /* Each cell learns its stage's column (the lane labels are column 0). */
    stages.forEach(function (cell, i) { cell.setAttribute("data-stage-col", String(i)); });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (row.cells.length !== count + 1) return;
      for (var i = 0; i < count; i += 1) row.cells[i + 1].setAttribute("data-stage-col", String(i));
    });
    stages.forEach(function (cell, i) {
      cell.addEventListener("click", function (event) {
        if (current !== -1 && !isControl(event.target)) show(i);
      });
    });
    button.hidden = false;
    button.addEventListener("click", function () { enter(0); });
    return true;
  }

  function makeButton(text, className, icon, onClick) {
    var control = doc.createElement("button");
    control.type = "button";
    control.className = "jg-present__button " + className;
    control.setAttribute("aria-label", text);
    control.title = text;
    control.textContent = icon;
    control.addEventListener("click", onClick);
    return control;
  }

  function buildBar() {
    bar = doc.createElement("div");
    bar.className = "jg-present";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", label("label"));
    var previous = makeButton(label("previous"), "jg-present__previous", "←", function () { show(current - 1); });
    var next = makeButton(label("next"), "jg-present__next", "→", function () { show(current + 1); });
    var exit = makeButton(label("exit"), "jg-present__exit", "✕", leave);
    status = doc.createElement("p");
    status.className = "jg-present__status";
    status.setAttribute("aria-live", "polite");
    var track = doc.createElement("ol");
    track.className = "jg-present__dots";
    track.setAttribute("aria-hidden", "true");
    dots = stages.map(function (cell, i) {
      var dot = doc.createElement("li");
      dot.className = cell.className.replace(/\bjg-stage\b/, "").trim() + " jg-present__dot";
      dot.addEventListener("click", function () { show(i); });
      track.appendChild(dot);
      return dot;
    });
    var hint = doc.createElement("p");
    hint.className = "jg-present__hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = label("hint");
    bar.appendChild(previous);
    bar.appendChild(status);
    bar.appendChild(track);
    bar.appendChild(next);
    bar.appendChild(hint);
    bar.appendChild(exit);
    section.appendChild(bar);
  }

  function show(index) {
    var i = Math.max(0, Math.min(count - 1, index));
    current = i;
    Array.prototype.forEach.call(table.querySelectorAll("[data-stage-col]"), function (cell) {
      cell.classList.toggle("is-current", cell.getAttribute("data-stage-col") === String(i));
    });
    dots.forEach(function (dot, k) { dot.classList.toggle("is-current", k === i); });
    var name = stages[i].querySelector(".jg-stage__name");
    var text = label("progress").replace("{n}", String(i + 1)).replace("{total}", String(count));
    text += " · " + (name ? name.textContent : "");
    var feeling = feelings[i] && feelings[i].cells[1] ? feelings[i].cells[1].textContent.trim() : "";
    if (feeling && feeling !== "–") text += " · " + label("feeling") + " " + feeling;
    status.textContent = text;
    centre(stages[i]);
  }

  function centre(cell) {
    if (!scroller) return;
    var labels = table.tHead.rows[0].cells[0].offsetWidth;
    var room = scroller.clientWidth - labels;
    var left = cell.offsetLeft - labels - Math.max(0, (room - cell.offsetWidth) / 2);
    var smooth = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
    if (scroller.scrollTo) scroller.scrollTo({ left: Math.max(0, left), behavior: smooth ? "smooth" : "auto" });
    else scroller.scrollLeft = Math.max(0, left);
    section.scrollTop = 0;
  }

  /* The presentation's styles come with it: the page does not load them before. */
  function withStyles(then) {
    if (doc.getElementById("jg-present-css")) { then(); return; }
    var link = doc.createElement("link");
    link.id = "jg-present-css";
    link.rel = "stylesheet";
    link.href = button.getAttribute("data-stylesheet");
    link.onload = then;
    link.onerror = then;
    doc.head.appendChild(link);
  }

  function enter(start, windowed) {
    if (current !== -1) return;
    current = Math.max(0, start || 0);
    if (!windowed && section.requestFullscreen && !doc.fullscreenElement) {
      section.requestFullscreen().then(function () { wentFullscreen = true; }, function () {});
    }
    withStyles(function () {
      if (current === -1) return;
      html.classList.add("jg-presenting");
      buildBar();
      show(current);
      section.setAttribute("tabindex", "-1");
      section.focus({ preventScroll: true });
      html.setAttribute("data-presenting", "");
    });
    doc.addEventListener("keydown", onKey);
  }

  function leave() {
    if (current === -1) return;
    current = -1;
    doc.removeEventListener("keydown", onKey);
    html.classList.remove("jg-presenting");
    html.removeAttribute("data-presenting");
    Array.prototype.forEach.call(table.querySelectorAll(".is-current"), function (cell) {
      cell.classList.remove("is-current");
    });
    if (bar) bar.parentNode.removeChild(bar);
    bar = null;
    var restore = function () { button.focus(); };
    if (wentFullscreen && doc.fullscreenElement && doc.exitFullscreen) {
      doc.exitFullscreen().then(restore, restore);  /* nothing outside takes focus before */
    } else {
      restore();
    }
    wentFullscreen = false;
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !bar) return;
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || (key === " " && !isControl(event.target))) {
      show(current + 1);
    } else if (key === "ArrowLeft" || key === "PageUp") {
      show(current - 1);
    } else if (key === "Home") {
      show(0);
    } else if (key === "End") {
      show(count - 1);
    } else if (key === "Escape") {
      leave();
    } else {
      return;
    }
    event.preventDefault();
  }

  function isControl(target) {
    return Boolean(target && target.closest && target.closest("button, a, input, select, textarea"));
  }

  /* The browser's own Esc leaves full screen first: then the presentation ends too. */
  doc.addEventListener("fullscreenchange", function () {
    if (!doc.fullscreenElement && wentFullscreen) leave();
  });
  var query = /[?&]present(?:=(\d+))?(?:&|$)/.exec(window.location.search);
  if (setUp() && query) enter(query[1] ? parseInt(query[1], 10) - 1 : 0);
  doc.addEventListener("journeygen:swap", function () {
    var at = current;
    wentFullscreen = false; /* the browser leaves full screen: its element is gone */
    if (section) leave();
    var link = doc.getElementById("jg-present-css");
    if (setUp()) {
      if (link && link.getAttribute("href") !== button.getAttribute("data-stylesheet")) link.remove();
      if (at !== -1) enter(Math.min(at, count - 1), true);
    }
  });
})();
