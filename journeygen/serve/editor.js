/* journeygen serve: open what the preview shows in the editor, and show where a save landed.
   Injected into HTML responses by `journeygen serve` only; never part of a built site.

   The server puts the positions of the page's items beside this script
   (#journeygen-positions: key -> [selector, n, inner selector, m, kind, file, line, column]).
   Pointing at an item, or moving the keyboard focus into one, shows an "edit" button (after
   the focused element in the tab order: Tab reaches it next); the
   button, or the E key, opens the item's file at its line and column: through the server
   (POST with the item's key and this server's token; the server runs JOURNEYGEN_EDITOR)
   or, without that command, through VS Code's URL (vscode://file/...), which the browser
   hands to the system. Each place in the error overlay opens the same way, by its number.

   After a build swaps the body in place (`journeygen:swap`, livereload.js), the first item
   whose markup changed is scrolled into view and marked for a moment. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var token = script.getAttribute("data-token");
  var openPath = script.getAttribute("data-open");
  var mode = script.getAttribute("data-mode");
  var urlBase = script.getAttribute("data-url");
  var items = []; /* {key, el, kind, file, line, column} of the current body */
  var markup = new Map(); /* key -> its element's markup as the server sent it */
  var byElement = new Map();
  var current = null; /* the item the button is for */
  var button = null;
  var MARK_MS = 1600;

  function readPositions() {
    var node = document.getElementById("journeygen-positions");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function resolve(map, root) {
    var found = [];
    Object.keys(map).forEach(function (key) {
      var p = map[key];
      var el = null;
      try {
        el = root.querySelectorAll(p[0])[p[1]] || null;
        if (el && p[2]) el = el.querySelectorAll(p[2])[p[3]] || null;
      } catch (e) {
        el = null; /* a selector this browser cannot read */
      }
      if (el) {
        found.push({ key: key, el: el, kind: p[4], file: p[5], line: p[6], column: p[7] });
      }
    });
    found.sort(function (a, b) {
      if (a.el === b.el) return 0;
      return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    return found;
  }

  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";

  function index() {
    items = resolve(readPositions(), document);
    byElement = new Map();
    markup = new Map();
    items.forEach(function (item) {
      if (!byElement.has(item.el)) byElement.set(item.el, item);
      markup.set(item.key, item.el.outerHTML);
    });
    /* After the markup is noted: an item with nothing to focus in it (a note, a stage's
       description) takes the focus itself, so Tab reaches its edit button too. */
    items.forEach(function (item) {
      var el = item.el;
      if (!el.matches(FOCUSABLE) && !el.querySelector(FOCUSABLE)) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-journeygen-focus", "");
      }
    });
  }

  function itemAt(node) {
    for (var at = node; at && at !== document.body; at = at.parentElement) {
      if (byElement.has(at)) return byElement.get(at);
    }
    return null;
  }

  function where(item) {
    return item.file + ":" + item.line + ":" + item.column;
  }

  function makeButton() {
    var made = document.createElement("button");
    made.type = "button";
    made.id = "journeygen-edit";
    made.textContent = "edit";
    made.setAttribute("aria-keyshortcuts", "e");
    var s = made.style;
    s.position = "fixed";
    s.zIndex = "2147483646";
    s.font = "600 12px/1 system-ui, sans-serif";
    s.padding = "4px 7px";
    s.border = "1px solid #1d4ed8";
    s.borderRadius = "4px";
    s.background = "#2563eb";
    s.color = "#fff";
    s.cursor = "pointer";
    s.boxShadow = "0 1px 4px rgba(0,0,0,.3)";
    s.display = "none";
    made.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      if (current) open(current);
    });
    return made;
  }

  /* `after`: the focused element, for the button to come next in the tab order. */
  function show(item, after) {
    if (!button) button = makeButton();
    if (after && after.parentNode) after.parentNode.insertBefore(button, after.nextSibling);
    else if (!button.isConnected) document.body.appendChild(button);
    current = item;
    button.title = "Open " + where(item) + " in the editor (E)";
    button.setAttribute("aria-label", "Edit this " + item.kind + " in the editor: " + where(item));
    place();
  }

  function place() {
    if (!current || !button) return;
    var rect = current.el.getBoundingClientRect();
    if (!current.el.isConnected || (rect.width === 0 && rect.height === 0)) {
      hide();
      return;
    }
    button.style.display = "block";
    var width = button.offsetWidth;
    button.style.top = Math.max(rect.top + 2, 0) + "px";
    button.style.left = Math.max(rect.right - width - 2, 0) + "px";
  }

  function hide() {
    current = null;
    if (button) button.style.display = "none";
  }

  function open(item) {
    send({ id: item.key, page: location.pathname }, item);
  }

  function send(request, target) {
    if (mode !== "command") {
      location.href = urlBase + "/" + encodeURI(target.file) + ":" + target.line + ":" + target.column;
      return;
    }
    request.token = token;
    fetch(openPath, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request),
    })
      .then(function (response) {
        if (!response.ok) return response.text().then(function (text) {
          throw new Error(text);
        });
      })
      .catch(function (error) {
        console.warn("journeygen: could not open " + where(target) + ": " + error.message);
      });
  }

  /* Where am I: the first item whose markup the build changed, into view and marked. */
  function markChanged(before) {
    var changed = items.filter(function (item) {
      return before.get(item.key) !== markup.get(item.key); /* both as the server sent them */
    });
    var innermost = changed.filter(function (item) {
      return !changed.some(function (other) {
        return other !== item && item.el.contains(other.el);
      });
    });
    var first = innermost[0];
    if (!first) return;
    setTimeout(function () {
      /* after livereload.js has put the scroll positions back */
      first.el.scrollIntoView({ block: "nearest", inline: "nearest" });
      first.el.setAttribute("data-journeygen-changed", "");
      var s = first.el.style;
      var outline = s.outline;
      var offset = s.outlineOffset;
      s.outline = "3px solid #f59e0b";
      s.outlineOffset = "2px";
      setTimeout(function () {
        s.outline = outline;
        s.outlineOffset = offset;
        first.el.removeAttribute("data-journeygen-changed");
      }, MARK_MS);
    }, 0);
  }

  /* On the window, capturing: before the theme's scripts set the new body up (and change
     its markup), so both sides are compared as the server sent them. */
  window.addEventListener(
    "journeygen:swap",
    function () {
      var before = markup;
      hide();
      index();
      markChanged(before);
    },
    true
  );
  document.addEventListener("mouseover", function (event) {
    if (button && event.target === button) return;
    var item = itemAt(event.target);
    if (item) show(item);
    else if (current && !current.el.contains(document.activeElement)) hide();
  });
  document.addEventListener("focusin", function (event) {
    if (button && event.target === button) return;
    var item = itemAt(event.target);
    if (item) show(item, event.target === item.el ? null : event.target);
    else if (current && !current.el.matches(":hover")) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "e" && event.key !== "E") return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    if (current) {
      event.preventDefault();
      open(current);
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-journeygen-diagnostic]");
    if (!link) return;
    event.preventDefault();
    var target = {
      file: link.getAttribute("data-file"),
      line: link.getAttribute("data-line"),
      column: link.getAttribute("data-column"),
    };
    send({ diagnostic: Number(link.getAttribute("data-journeygen-diagnostic")) }, target);
  });
  window.addEventListener("scroll", place, { capture: true, passive: true });
  window.addEventListener("resize", place);
  index();
})();
