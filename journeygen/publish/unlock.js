/* journeygen: unlock a page that was encrypted at build time (journeygen/protect.py,
   docs/privacy.md). WebCrypto only, no third-party code; works offline and from file://.
   The password gives a key (PBKDF2-SHA256 with the page's salt) that unwraps the content
   key (AES-GCM), which decrypts the page (AES-GCM); the page then replaces this one.
   "Remember" keeps the content key, never the password, in sessionStorage: the other
   pages with the same password open at once until the tab is closed. */
(function () {
  "use strict";
  var FORMAT = 1;
  var data = JSON.parse(document.getElementById("jg-locked").textContent);
  var form = document.getElementById("jg-unlock");
  var field = document.getElementById("jg-password");
  var remember = document.getElementById("jg-remember");
  var status = document.getElementById("jg-unlock-status");
  var button = form.querySelector("button[type=submit]");
  var slot = "journeygen-key-" + data.kid;
  var subtle = window.crypto && window.crypto.subtle;

  function bytes(text) {
    var raw = atob(text);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function text64(buffer) {
    var view = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < view.length; i++) raw += String.fromCharCode(view[i]);
    return btoa(raw);
  }

  function say(message) {
    status.textContent = message;
  }

  function storage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null; // storage blocked: remembering is not possible, unlocking still is
    }
  }

  function openPage(secret) {
    return subtle
      .importKey("raw", secret, { name: "AES-GCM" }, false, ["decrypt"])
      .then(function (key) {
        return subtle.decrypt({ name: "AES-GCM", iv: bytes(data.iv) }, key, bytes(data.ct));
      });
  }

  function show(page) {
    var html = new TextDecoder().decode(page);
    function swap() {
      document.open();
      document.write(html);
      document.close();
    }
    // The browser ignores document.write while this page is still being parsed (a
    // remembered key is that quick): swap once it has loaded, after the load event.
    if (document.readyState === "complete") swap();
    else
      window.addEventListener("load", function () {
        setTimeout(swap, 0);
      });
  }

  function unlock(password) {
    var encoded = new TextEncoder().encode(password.normalize("NFC"));
    return subtle
      .importKey("raw", encoded, { name: "PBKDF2" }, false, ["deriveKey"])
      .then(function (base) {
        return subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: bytes(data.salt), iterations: data.iter },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["decrypt"]
        );
      })
      .then(function (wrapping) {
        return subtle.decrypt({ name: "AES-GCM", iv: bytes(data.wiv) }, wrapping, bytes(data.wct));
      })
      .then(function (secret) {
        return openPage(secret).then(function (page) {
          return { secret: secret, page: page };
        });
      });
  }

  function ready() {
    document.documentElement.classList.remove("jg-unlocking");
    if (!subtle || data.v !== FORMAT || !window.TextDecoder) {
      say(form.getAttribute("data-unsupported"));
      field.disabled = true;
      button.disabled = true;
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!field.value) {
        say(form.getAttribute("data-empty"));
        field.focus();
        return;
      }
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      say(form.getAttribute("data-working"));
      unlock(field.value).then(
        function (found) {
          var store = remember.checked && storage();
          if (store) {
            try {
              store.setItem(slot, text64(found.secret));
            } catch (e) {
              /* full or blocked: the page still opens */
            }
          }
          show(found.page);
        },
        function () {
          button.disabled = false;
          form.removeAttribute("aria-busy");
          field.setAttribute("aria-invalid", "true");
          say(form.getAttribute("data-wrong"));
          field.focus();
          field.select();
        }
      );
    });
  }

  var store = storage();
  var saved = store && subtle ? store.getItem(slot) : null;
  if (saved) {
    document.documentElement.classList.add("jg-unlocking");
    openPage(bytes(saved)).then(show, function () {
      store.removeItem(slot); // a key of an earlier build: ask again
      ready();
    });
  } else {
    ready();
  }
})();
