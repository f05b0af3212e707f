/* journeygen serve: reload this page when the site is rebuilt, keeping the scroll position.
   Injected into HTML responses by `journeygen serve` only; never part of a built site.
   The server sends the version of this tab's page on connect and whenever a build changes
   that page (or the list of problems); a tab whose page has another version reloads, so
   a build that leaves this page as it was does not disturb it. Hidden tabs let go of their connection (browsers
   allow only a few per host) and catch up when shown again. */
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script && script.getAttribute("data-generation");
  var key = "journeygen-scroll:" + location.pathname + location.search;
  var source = null;

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
    try {
      sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) {
      /* private mode: reload without keeping the position */
    }
    location.reload();
  }

  function connect() {
    if (source) return;
    source = new EventSource(
      "/__journeygen/events?page=" + encodeURIComponent(location.pathname)
    );
    source.addEventListener("build", function (event) {
      if (event.data !== generation) {
        source.close();
        source = null;
        reload();
      }
    });
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  restore();
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
