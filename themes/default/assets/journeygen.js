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
  function initMermaid() {
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    window.mermaid.initialize({
      startOnLoad: false, /* drawn by drawDiagrams(), which then sizes the flow */
      securityLevel: "strict",
      theme: dark ? "dark" : "neutral",
      fontFamily: window.getComputedStyle(doc.body).fontFamily,
      flowchart: { useMaxWidth: false, wrappingWidth: 130, nodeSpacing: 16, rankSpacing: 32, padding: 8 },
      themeVariables: Object.assign({ fontSize: "14px" }, dark ? { edgeLabelBackground: "#2a3039" } : {}),
    });
  }
  if (window.mermaid) {
    initMermaid();
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
      initMermaid();
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
      window.mermaid.run({ querySelector: ".mermaid" })
        .then(sizeFlows, function () {}) /* a flow's size needs its drawing */
        .then(diagramsDone);
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

  /* The flow: as large as its frame's width allows, but never with text smaller than
     MIN_TEXT_PX (a wider flow then scrolls sideways, and can be dragged); the buttons above
     it show the whole diagram, zoom out and zoom in. */
  var TEXT_PX = 14; /* Mermaid's font size, themeVariables.fontSize */
  var MIN_TEXT_PX = 10;
  var MAX_ZOOM = 2;
  var zooms = new WeakMap(); /* figure -> the zoom its buttons chose */
  /* The flow's drawing, its size as drawn, and the zoom that fits it to the frame's width. */
  function measureFlow(figure) {
    var svg = figure.querySelector("pre.mermaid svg");
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width) return null;
    var style = window.getComputedStyle(figure);
    var room = figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var fit = Math.min(1, room / box.width);
    var zoom = zooms.has(figure) ? zooms.get(figure) : Math.max(fit, MIN_TEXT_PX / TEXT_PX);
    return { svg: svg, box: box, fit: fit, zoom: Math.max(fit, zoom) };
  }
  function zoomButtons(figure) {
    var bar = doc.createElement("div");
    bar.className = "jg-zoom";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", figure.getAttribute("data-zoom-label") || "Zoom");
    [["fit", ""], ["out", "\u2212"], ["in", "+"]].forEach(function (kind) {
      var button = doc.createElement("button");
      var label = figure.getAttribute("data-zoom-" + kind[0]) || kind[0];
      button.type = "button";
      button.setAttribute("data-zoom", kind[0]);
      button.setAttribute("aria-label", label);
      button.title = label;
      button.textContent = kind[1] || label;
      button.addEventListener("click", function () {
        var flow = measureFlow(figure);
        if (!flow) return;
        var next = kind[0] === "fit" ? flow.fit : flow.zoom * (kind[0] === "in" ? 1.25 : 0.8);
        zooms.set(figure, Math.min(MAX_ZOOM, Math.max(flow.fit, next)));
        sizeFlow(figure);
      });
      bar.appendChild(button);
    });
    figure.parentNode.insertBefore(bar, figure);
    return bar;
  }
  function sizeFlow(figure) {
    var flow = measureFlow(figure);
    if (!flow) return;
    flow.svg.style.maxWidth = "none";
    flow.svg.style.width = flow.box.width * flow.zoom + "px";
    flow.svg.style.height = flow.box.height * flow.zoom + "px";
    figure.classList.toggle("is-scrollable", figure.scrollWidth > figure.clientWidth + 1);
    var bar = figure.previousElementSibling;
    if (!bar || !bar.classList.contains("jg-zoom")) bar = zoomButtons(figure);
    bar.hidden = flow.fit >= 1; /* whole at full size: nothing to zoom */
    forEach(bar.querySelectorAll("button"), function (button) {
      var kind = button.getAttribute("data-zoom");
      button.disabled =
        kind === "in" ? flow.zoom >= MAX_ZOOM - 0.001 : flow.zoom <= flow.fit + 0.001;
    });
  }
  function sizeFlows() {
    forEach(doc.querySelectorAll("figure.jg-diagram--flow"), sizeFlow);
  }
  window.addEventListener("resize", sizeFlows);
  /* Drag a scrolling flow sideways and up and down, as a map. */
  function setUpPanning() {
    forEach(doc.querySelectorAll("figure.jg-diagram--flow"), function (figure) {
      var start = null;
      figure.addEventListener("pointerdown", function (event) {
        if (event.button !== 0 || !figure.classList.contains("is-scrollable")) return;
        start = { x: event.clientX, left: figure.scrollLeft };
        figure.classList.add("is-panning");
      });
      figure.addEventListener("pointermove", function (event) {
        if (start) figure.scrollLeft = start.left - (event.clientX - start.x);
      });
      ["pointerup", "pointercancel", "pointerleave"].forEach(function (type) {
        figure.addEventListener(type, function () {
          start = null;
          figure.classList.remove("is-panning");
        });
      });
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
    setUpPanning();
    sizeFlows(); /* a drawing kept through a swap */
    markScrollable(); /* last: it lays the page out */
  }
  setUp(null);
  if (mermaidReady) { /* a theme that loads Mermaid itself: drawn on load */
    if (doc.readyState === "complete") drawDiagrams();
    else window.addEventListener("load", drawDiagrams);
  } else {
    watchDiagrams();
  }
  doc.addEventListener("journeygen:swap", function (event) {
    var previous = event.detail.previous;
    setUp(previous);
    /* Mermaid draws the diagrams whose text changed once the new body has been on screen
       for a frame: the page's text shows without waiting for them. Not loaded yet: when a
       diagram comes near, as on a first load. */
    if (mermaidReady) {
      window.requestAnimationFrame(function () {
        window.setTimeout(function () {
          drawDiagrams();
        }, 0);
      });
    } else {
      watchDiagrams();
    }
  });
})();
