/* journeygen serve: show this page again when the site is rebuilt.
   Injected into HTML responses by `journeygen serve` only; never part of a built site.
   The server sends the version of this tab's page on connect and whenever a build changes
   that page (or the list of problems); a tab whose page has another version shows the new
   one, so a build that leaves this page as it was does not disturb it.

   In place where it can (as MkDocs-Material's and Vite's dev servers do): the page is
   fetched and parsed, its body replaces this one (the window and the scrolled elements in
   it, such as a wide map, keep their scroll positions), the head's title and meta tags are
   brought up to date, and `journeygen:swap` is dispatched on the document
   (detail.previous: the old body) for the theme's scripts to set the new body up.
   A full reload instead (the scroll position kept through sessionStorage) when the new page
   links other stylesheets or scripts, when a script on the page has no
   `data-journeygen-swap` (its author has not said it sets up a swapped body), or when the
   fetch fails or answers with anything but the page (an error page, a redirect).
   Hidden tabs let go of their connection (browsers allow only a few per host) and catch up
   when shown again. */
(function () {
  "use strict";
  var script = document.currentScript; /* the same id on every page this server sends */
  var generation = script && script.getAttribute("data-generation");
  var key = "journeygen-scroll:" + location.pathname + location.search;
  var source = null;
  var fetching = null; /* the AbortController of the fetch in flight */
  var scrolled = new Set(); /* elements that have been scrolled (not the window) */
  /* Taken now, while the page is being parsed: its own scripts have not added to it yet. */
  var shape = script && shapeOf(document);

  /* What must be the same for a swap: the <html> tag, the head's stylesheets and scripts
     and every script; null when the page has a script that cannot be swapped. */
  function shapeOf(doc) {
    var parts = [doc.documentElement.cloneNode(false).outerHTML];
    var nodes = doc.querySelectorAll("head link, head style, head base, script");
    for (var i = 0; i < nodes.length; i += 1) {
      var node = nodes[i];
      /* serve's own scripts (this one, the edit links and their positions) */
      if (/^journeygen-/.test(node.id) || (node.tagName === "LINK" && !isAsset(node))) {
        continue;
      }
      if (node.tagName === "SCRIPT" && isCode(node) && !node.hasAttribute("data-journeygen-swap")) {
        return null;
      }
      parts.push(node.outerHTML);
    }
    return parts.join("\n");
  }

  function isAsset(node) {
    var tag = node.tagName;
    if (tag === "LINK") return /\b(stylesheet|preload|modulepreload)\b/i.test(node.rel);
    return tag === "SCRIPT" || tag === "STYLE" || tag === "BASE";
  }

  function isCode(node) {
    var type = (node.getAttribute("type") || "").trim().toLowerCase();
    return !type || type === "module" || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
  }

  function restore() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(key);
    } catch (e) {
      return;
    }
    if (!saved) return;
    var xy = JSON.parse(saved);
    var apply = function () {
      window.scrollTo(xy[0], xy[1]);
    };
    apply();
    document.addEventListener("DOMContentLoaded", apply);
    window.addEventListener("load", function () {
      apply();
      sessionStorage.removeItem(key);
    });
  }

  function reload() {
    disconnect();
    try {
      sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) {
      /* private mode: reload without keeping the position */
    }
    location.reload();
  }

  function update() {
    if (!shape || !window.fetch || !window.DOMParser || !window.AbortController) {
      reload();
      return;
    }
    if (fetching) fetching.abort(); /* a newer build: this one's page is out of date */
    var controller = (fetching = new AbortController());
    fetch(location.pathname + location.search, {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller.signal,
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) {
          throw new Error("not this page");
        }
        return response.text();
      })
      .then(function (text) {
        if (fetching !== controller) return;
        fetching = null;
        var next = new DOMParser().parseFromString(text, "text/html");
        var marker = next.getElementById(script.id);
        if (!marker || shapeOf(next) !== shape) {
          reload();
          return;
        }
        generation = marker.getAttribute("data-generation");
        swap(next);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        if (fetching === controller || fetching === null) reload();
      });
  }

  /* Where each element of `body` that was scrolled (a wide map, a tall diagram) is, as its
     path of child indexes from the body, to scroll the same element of the new body. */
  function scrolledParts(body) {
    var found = [];
    scrolled.forEach(function (node) {
      if (!body.contains(node) || (!node.scrollLeft && !node.scrollTop)) return;
      var path = [];
      for (var at = node; at !== body; at = at.parentElement) {
        path.unshift(Array.prototype.indexOf.call(at.parentElement.children, at));
      }
      found.push({ path: path, tag: node.tagName, left: node.scrollLeft, top: node.scrollTop });
    });
    return found;
  }

  function scrollParts(body, parts) {
    parts.forEach(function (part) {
      var node = body;
      for (var i = 0; node && i < part.path.length; i += 1) node = node.children[part.path[i]];
      if (!node || node.tagName !== part.tag) return;
      node.scrollLeft = part.left;
      node.scrollTop = part.top;
    });
  }

  /* The new page's body in place of this one, and its head's title and meta tags in place
     of these; the stylesheets and scripts (the same) stay, with those the page added. */
  function swap(next) {
    var x = window.scrollX;
    var y = window.scrollY;
    var parts = scrolledParts(document.body);
    var head = document.head;
    var first = null;
    Array.prototype.slice.call(head.children).forEach(function (node) {
      if (!isAsset(node)) node.remove();
      else if (!first) first = node;
    });
    Array.prototype.forEach.call(next.head.children, function (node) {
      if (!isAsset(node)) head.insertBefore(document.adoptNode(node.cloneNode(true)), first);
    });
    var previous = document.body;
    document.documentElement.replaceChild(document.adoptNode(next.body), previous);
    var event = new CustomEvent("journeygen:swap", { detail: { previous: previous } });
    document.dispatchEvent(event);
    window.scrollTo(x, y);
    scrolled.clear();
    scrollParts(document.body, parts);
  }

  function connect() {
    if (source) return;
    source = new EventSource(
      "/__journeygen/events?page=" + encodeURIComponent(location.pathname)
    );
    source.addEventListener("build", function (event) {
      if (event.data !== generation) update();
    });
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  restore();
  /* The error overlay's close button (no onclick=: the pages' CSP runs no inline script). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-journeygen-hide]");
    var overlay = button && document.getElementById("journeygen-overlay");
    if (overlay && overlay.contains(button)) overlay.remove();
  });
  document.addEventListener(
    "scroll",
    function (event) {
      if (event.target !== document) scrolled.add(event.target);
    },
    { capture: true, passive: true }
  );
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !document.hidden) connect(); /* back from the bfcache */
  });
  if (!document.hidden) connect();
})();
