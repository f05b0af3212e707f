/* journeygen: small enhancements. Every page works without this file.
   What belongs to the page's body is set up by setUp(), again after `journeygen serve` has
   put a rebuilt page's body in place (the `journeygen:swap` event); what belongs to the
   window (resize, print) is set up once. */
(function () {
  "use strict";
  var doc = document;
  var forEach = function (nodes, each) { Array.prototype.forEach.call(nodes, each); };

  /* Mermaid (3 MB) is fetched and run only when a diagram comes near the viewport, or the
     page is printed: the map, the curve and the KPI table never wait for it. The page says
     where its script is (<script type="application/json" id="jg-mermaid">); a theme that
     loads Mermaid itself (window.mermaid at once) has its diagrams drawn on load. */
  var mermaidReady = false;
  var mermaidLoading = false;
  var mermaidWaiting = [];
  function mermaidConfig() {
    var node = doc.getElementById("jg-mermaid");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (error) { return null; }
  }
  function initMermaid(startOnLoad) {
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    window.mermaid.initialize({
      startOnLoad: startOnLoad,
      securityLevel: "strict",
      theme: dark ? "dark" : "neutral",
      themeVariables: dark ? { edgeLabelBackground: "#2a3039" } : {},
      fontFamily: window.getComputedStyle(doc.body).fontFamily,
      flowchart: { useMaxWidth: false },
    });
  }
  if (window.mermaid) {
    initMermaid(true);
    mermaidReady = true;
  }
  function hasMermaid() { return Boolean(window.mermaid || mermaidConfig()); }
  function diagramsDone() { doc.documentElement.classList.add("jg-diagrams-drawn"); }
  function withMermaid(then) {
    if (mermaidReady) { then(); return; }
    var config = mermaidConfig();
    if (!config) { diagramsDone(); return; }
    mermaidWaiting.push(then);
    if (mermaidLoading) return;
    mermaidLoading = true;
    var script = doc.createElement("script");
    script.src = config.src;
    if (config.integrity) {
      script.integrity = config.integrity;
      script.crossOrigin = "anonymous";
    }
    script.onload = function () {
      mermaidReady = true;
      initMermaid(false);
      var waiting = mermaidWaiting;
      mermaidWaiting = [];
      waiting.forEach(function (each) { each(); });
    };
    script.onerror = diagramsDone; /* the diagrams stay as their text */
    doc.body.appendChild(script);
  }
  function drawDiagrams() {
    if (!doc.querySelector("pre.mermaid")) { diagramsDone(); return; }
    withMermaid(function () {
      window.mermaid.run({ querySelector: ".mermaid" }).catch(function () {}).then(diagramsDone);
    });
  }
  var diagramWatch = null;
  function watchDiagrams() {
    if (diagramWatch) diagramWatch.disconnect();
    var diagrams = doc.querySelectorAll("pre.mermaid");
    if (!diagrams.length || !hasMermaid()) { diagramsDone(); return; }
    if (!("IntersectionObserver" in window)) { drawDiagrams(); return; }
    diagramWatch = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      diagramWatch.disconnect();
      drawDiagrams();
    }, { rootMargin: "600px 0px" });
    forEach(diagrams, function (pre) { diagramWatch.observe(pre.closest("figure") || pre); });
  }
  window.addEventListener("beforeprint", drawDiagrams);
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    var onPrint = function (query) { if (query.matches) drawDiagrams(); };
    if (printing.addEventListener) printing.addEventListener("change", onPrint);
    else if (printing.addListener) printing.addListener(onPrint);
  }

  /* Before Mermaid replaces a diagram's text, keep the text to read and copy. */
  var sources = new WeakMap(); /* a diagram's <pre> -> its Mermaid text */
  function keepDiagramSources() {
    forEach(doc.querySelectorAll("figure[data-source-label]"), function (figure) {
      var pre = figure.querySelector("pre.mermaid");
      if (!pre || !hasMermaid()) return;
      var details = doc.createElement("details");
      details.className = "jg-details";
      var summary = doc.createElement("summary");
      summary.textContent = figure.getAttribute("data-source-label");
      var block = doc.createElement("div");
      block.className = "jg-code";
      block.setAttribute("data-copy", "");
      var source = doc.createElement("pre");
      var code = doc.createElement("code");
      code.textContent = pre.textContent;
      source.appendChild(code);
      block.appendChild(source);
      details.appendChild(summary);
      details.appendChild(block);
      figure.parentNode.insertBefore(details, figure.nextSibling);
    });
    forEach(doc.querySelectorAll("pre.mermaid"), function (pre) {
      sources.set(pre, pre.textContent);
    });
  }

  /* After a swap: a diagram whose text is unchanged keeps its drawing (no flash of its
     text, no jump of what comes after it). */
  function keepDrawings(previous) {
    var drawn = new Map(); /* Mermaid text -> drawn <pre>s of the previous body */
    forEach(previous.querySelectorAll("pre.mermaid[data-processed]"), function (pre) {
      var text = sources.get(pre);
      if (text === undefined) return;
      if (!drawn.has(text)) drawn.set(text, []);
      drawn.get(text).push(pre);
    });
    forEach(doc.querySelectorAll("pre.mermaid"), function (pre) {
      var same = drawn.get(sources.get(pre));
      if (same && same.length) pre.parentNode.replaceChild(same.shift(), pre);
    });
  }

  /* The map's scroll hint shows only when the map is wider than the screen. */
  function markScrollable() {
    forEach(doc.querySelectorAll(".jg-map-scroll"), function (box) {
      var section = box.parentNode;
      section.classList.toggle("is-scrollable", box.scrollWidth > box.clientWidth + 1);
    });
  }
  window.addEventListener("resize", markScrollable);

  /* Print: shrink the type until the journey map fits one landscape page (see @page).
     Everything is sized in rem, so the root font size scales the whole map. */
  var MM = 96 / 25.4;
  var root = doc.documentElement;
  function fitMapToPage() {
    var section = doc.querySelector(".jg-section--map");
    if (!section) return;
    resetMap();
    var style = window.getComputedStyle(root);
    var page = parseFloat(style.getPropertyValue("--jg-print-height")) * MM || 1046;
    var size = parseFloat(style.fontSize);
    function fits(ownPage) {
      var box = section.getBoundingClientRect();
      var top = ownPage ? 0 : box.top - doc.body.getBoundingClientRect().top;
      return top + box.height <= page - 8;
    }
    function shrink(ownPage, smallest) {
      for (var px = size; px >= smallest && !fits(ownPage); px -= 0.25) {
        root.style.fontSize = px + "px";
        /* the rest of the page keeps its size: zoomed back up (see the print styles) */
        root.style.setProperty("--jg-print-unzoom", String(size / px));
      }
    }
    root.classList.add("jg-print-fitted");
    /* the smallest type under the page header before the map gets a page of its own;
       `journeygen pdf` lowers it, as it prints the map alone */
    var underHeader = parseFloat(style.getPropertyValue("--jg-print-min-font")) || 8.5;
    shrink(false, underHeader);
    if (!fits(false)) {  /* too small under the header: the map gets a page of its own */
      root.style.fontSize = "";
      root.style.removeProperty("--jg-print-unzoom");
      section.classList.add("jg-print-own-page");
      shrink(true, 6);
    }
  }
  function resetMap() {
    root.style.fontSize = "";
    root.style.removeProperty("--jg-print-unzoom");
    root.classList.remove("jg-print-fitted");
    var section = doc.querySelector(".jg-section--map");
    if (section) section.classList.remove("jg-print-own-page");
  }
  if (window.matchMedia) {
    var printing = window.matchMedia("print");
    var onPrint = function (event) {
      if (event.matches) fitMapToPage(); else resetMap();
    };
    if (printing.addEventListener) printing.addEventListener("change", onPrint);
    else if (printing.addListener) printing.addListener(onPrint);  /* older Safari */
  }

  /* Copy buttons on code blocks marked data-copy. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByCommand(text); });
    }
    return copyByCommand(text);
  }
  function copyByCommand(text) {
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      doc.body.appendChild(area);
      area.select();
      var ok = doc.execCommand("copy");
      doc.body.removeChild(area);
      (ok ? resolve : reject)();
    });
  }
  function addCopyButtons() {
    var body = doc.body;
    forEach(doc.querySelectorAll(".jg-code[data-copy]"), function (block) {
      var code = block.querySelector("code");
      if (!code) return;
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "jg-copy";
      button.textContent = body.getAttribute("data-copy-label") || "Copy";
      button.addEventListener("click", function () {
        copyText(code.textContent).then(function () {
          button.textContent = body.getAttribute("data-copied-label") || "Copied";
          button.classList.add("is-done");
          window.setTimeout(function () {
            button.textContent = body.getAttribute("data-copy-label") || "Copy";
            button.classList.remove("is-done");
          }, 1800);
        }, function () {});
      });
      block.insertBefore(button, block.firstChild);
    });
  }

  /* Permalinks (stages, touchpoints, KPIs): a click copies the anchor's full address, the
     canonical one when the site has a base_url. Without JavaScript they are plain #links. */
  var announcer = null;
  function announce(text) {
    if (!announcer || !doc.body.contains(announcer)) {
      announcer = doc.createElement("p");
      announcer.className = "jg-vh";
      announcer.setAttribute("role", "status");
      doc.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }
  function addPermalinks() {
    forEach(doc.querySelectorAll("a.jg-permalink"), function (link) {
      link.addEventListener("click", function (event) {
        var anchor = link.getAttribute("href");
        var canonical = doc.querySelector("link[rel=canonical]");
        var page = (canonical ? canonical.href : window.location.href).split("#")[0];
        var done = doc.body.getAttribute("data-link-copied-label") || "Link copied";
        event.preventDefault();
        try {
          window.history.replaceState(null, "", anchor);
        } catch (error) { /* the address bar keeps its address */ }
        copyText(page + anchor).then(function () {
          link.setAttribute("data-copied", done);
          link.classList.add("is-done");
          announce(done);
          window.setTimeout(function () {
            link.classList.remove("is-done");
            link.removeAttribute("data-copied");
          }, 1800);
        }, function () { window.location.hash = anchor; });
      });
    });
  }

  /* Touchpoint filters: show the rows whose owner and channel match (after a swap, the
     choices made on the previous body). */
  function setUpFilters(previous) {
    forEach(doc.querySelectorAll("form[data-filter-for]"), function (form) {
      var table = doc.getElementById(form.getAttribute("data-filter-for"));
      if (!table) return;
      var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
      var selects = form.querySelectorAll("select[data-filter]");
      var count = form.querySelector("[data-count-template]");
      function apply() {
        var shown = 0;
        forEach(rows, function (row) {
          var visible = Array.prototype.every.call(selects, function (select) {
            var wanted = select.value;
            var values = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split("|");
            return !wanted || values.indexOf(wanted) !== -1;
          });
          row.hidden = !visible;
          if (visible) shown += 1;
        });
        if (count) {
          count.textContent = count.getAttribute("data-count-template")
            .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
        }
      }
      forEach(selects, function (select) {
        var before = previous && select.id && previous.querySelector("#" + CSS.escape(select.id));
        if (before) {
          select.value = before.value;
          if (select.selectedIndex < 0) select.selectedIndex = 0; /* that choice is gone */
        }
        select.addEventListener("change", apply);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.hidden = false;
      apply();
    });
  }

  function setUp(previous) {
    keepDiagramSources();
    if (previous) keepDrawings(previous);
    addCopyButtons();
    addPermalinks();
    setUpFilters(previous);
    markScrollable(); /* last: it lays the page out */
  }
  setUp(null);
  if (!mermaidReady) watchDiagrams();
  doc.addEventListener("journeygen:swap", function (event) {
    var previous = event.detail.previous;
    setUp(previous);
    /* Mermaid draws the diagrams whose text changed once the new body has been on screen
       for a frame: the page's text shows without waiting for them. Not loaded yet: when a
       diagram comes near, as on a first load. */
    if (mermaidReady) {
      window.requestAnimationFrame(function () {
        window.setTimeout(function () {
          window.mermaid.run({ querySelector: ".mermaid" }).catch(function () {});
        }, 0);
      });
    } else {
      watchDiagrams();
    }
  });
})();
