/* journeygen: the search box in the header (a combobox with a list of results).
   The index, assets/search-index.js, is made at build time and loaded on first use as a
   script (it sets window.JOURNEYGEN_SEARCH), so search works offline and from file://;
   the results' styles (search.css) come with it.
   Keys: / focuses the box, Up/Down move through the results, Enter opens one, Esc closes.
   After `journeygen serve` has put a rebuilt page's body in place (`journeygen:swap`), the
   new box is set up and the index is loaded again on first use. */
(function () {
  "use strict";
  var doc = document;
  var LIMIT = 8;
  var KIND_WEIGHT = { journey: 6, persona: 5, page: 4, stage: 3, touchpoint: 2, kpi: 1 };
  var box, input, list, status, root;
  var results = [];
  var active = -1;
  var loading = false;
  var loaded = null; /* the index's <script> */
  var styled = null; /* and the results' <link rel=stylesheet> */

  function normalize(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function index() {
    return window.JOURNEYGEN_SEARCH || null;
  }

  function load(then) {
    if (index()) { then(); return; }
    if (loading) return;
    loading = true;
    var styles = (styled = doc.createElement("link"));
    styles.rel = "stylesheet";
    styles.href = box.getAttribute("data-stylesheet");
    doc.head.appendChild(styles);
    var script = (loaded = doc.createElement("script"));
    script.src = box.getAttribute("data-index");
    script.onload = function () { loading = false; if (script === loaded) then(); };
    script.onerror = function () { loading = false; };
    doc.head.appendChild(script);
  }

  /* Every word of the query must occur in the entry; prefixes of the title's words count
     most, then anywhere in the title, then in its context (journey, stage, channel, owner). */
  function score(entry, words, query) {
    var total = 0;
    for (var i = 0; i < words.length; i += 1) {
      var word = words[i];
      var at = entry.n.indexOf(word);
      if (at === 0) total += 30;
      else if (at > 0 && entry.n.charAt(at - 1) === " ") total += 20;
      else if (at > 0) total += 8;
      else if (entry.m.indexOf(word) !== -1) total += 2;
      else return 0;
    }
    if (entry.n === query) total += 40;
    else if (entry.n.indexOf(query) === 0) total += 15;
    return total + (KIND_WEIGHT[entry.k] || 0) / 10;
  }

  function search(query) {
    var data = index();
    if (!data || !query) return [];
    var words = query.split(" ");
    var found = [];
    data.entries.forEach(function (entry, order) {
      var value = score(entry, words, query);
      if (value > 0) found.push({ entry: entry, value: value, order: order });
    });
    found.sort(function (a, b) { return b.value - a.value || a.order - b.order; });
    return found.slice(0, LIMIT).map(function (hit) { return hit.entry; });
  }

  function countText(count) {
    var template = box.getAttribute(count === 1 ? "data-count-one" : "data-count-other") || "{count}";
    return template.replace("{count}", String(count));
  }

  function render() {
    var query = normalize(input.value);
    results = search(query);
    active = results.length ? 0 : -1;
    list.textContent = "";
    var kinds = (index() || {}).kinds || {};
    results.forEach(function (entry, i) {
      var item = doc.createElement("li");
      item.id = "jg-search-option-" + i;
      item.setAttribute("role", "option");
      item.className = "jg-search__option";
      var link = doc.createElement("a");
      link.href = root + entry.u;
      link.tabIndex = -1;
      var kind = doc.createElement("span");
      kind.className = "jg-search__kind jg-search__kind--" + entry.k;
      kind.textContent = kinds[entry.k] || entry.k;
      var title = doc.createElement("span");
      title.className = "jg-search__title";
      title.textContent = entry.t;
      link.appendChild(kind);
      link.appendChild(title);
      if (entry.c) {
        var context = doc.createElement("span");
        context.className = "jg-search__context";
        context.textContent = entry.c;
        link.appendChild(context);
      }
      item.appendChild(link);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
      list.appendChild(item);
    });
    if (query && !results.length) {
      var none = doc.createElement("li");
      none.className = "jg-search__none";
      none.setAttribute("role", "presentation");
      none.textContent = box.getAttribute("data-none") || "";
      list.appendChild(none);
    }
    var open = Boolean(query) && index() !== null;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open && results.length > 0));
    status.textContent = open ? (results.length ? countText(results.length) : list.textContent) : "";
    setActive(active);
  }

  function setActive(i) {
    active = i;
    Array.prototype.forEach.call(list.querySelectorAll("[role=option]"), function (item, k) {
      item.setAttribute("aria-selected", String(k === i));
      item.classList.toggle("is-active", k === i);
      if (k === i && item.scrollIntoView) item.scrollIntoView({ block: "nearest" });
    });
    if (i >= 0) input.setAttribute("aria-activedescendant", "jg-search-option-" + i);
    else input.removeAttribute("aria-activedescendant");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function go(i) {
    var entry = results[i];
    if (!entry) return;
    close();
    window.location.href = root + entry.u;
  }

  function setUp() {
    box = doc.querySelector("[data-search]");
    if (!box) return;
    input = box.querySelector("input");
    list = box.querySelector("[role=listbox]");
    status = box.querySelector("[data-search-status]");
    root = (box.getAttribute("data-root") || "").replace(/index\.html$/, "");
    results = [];
    active = -1;
    box.hidden = false; /* a theme's own box may come hidden until this runs */

    input.addEventListener("focus", function () { load(render); });
    input.addEventListener("input", function () { load(render); });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && results.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) render();
        else if (open) setActive((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) setActive((active - 1 + results.length) % results.length);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          input.value = "";
        } else {
          input.blur();
        }
      }
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest ? event.target.closest("[role=option]") : null;
      if (!item) return;
      event.preventDefault();
      go(Array.prototype.indexOf.call(list.children, item));
    });
  }

  /* "/" anywhere (but in a text field) goes to the search box. */
  doc.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (!box || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  setUp();
  doc.addEventListener("journeygen:swap", function () {
    if (loaded) { /* the site was rebuilt: its index and styles may have changed too */
      loaded.remove();
      styled.remove();
      loaded = styled = null;
      loading = false;
      window.JOURNEYGEN_SEARCH = null;
    }
    setUp();
  });
})();
