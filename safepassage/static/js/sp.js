/* Safe Passage: a small subset of htmx's attributes (hx-get, hx-post, hx-trigger, hx-target,
   hx-swap), sent with the HX-Request header so the server's django-htmx sees them. Kept tiny
   because every page must weigh under 50 KB on a cheap phone; pages work without it. */
(function () {
  "use strict";
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  function swap(el, html) {
    var sel = el.getAttribute("hx-target");
    var target = sel ? document.querySelector(sel) : el;
    if (!target) return;
    if ((el.getAttribute("hx-swap") || "innerHTML") === "outerHTML") {
      target.outerHTML = html;
    } else {
      target.innerHTML = html;
      bind(target);
    }
  }
  function send(el, evt, poll) {
    var method = el.hasAttribute("hx-post") ? "POST" : "GET";
    var url = el.getAttribute(method === "POST" ? "hx-post" : "hx-get");
    var body = null;
    if (el.tagName === "FORM") {
      body = new FormData(el);
    } else if (el.name) {
      body = new FormData();
      body.append(el.name, el.value);
    }
    if (method === "GET" && body) {
      url += (url.indexOf("?") < 0 ? "?" : "&") + new URLSearchParams(body).toString();
      body = null;
    }
    if (evt) evt.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader("HX-Request", "true");
    xhr.setRequestHeader("X-CSRFToken", csrf());
    xhr.setRequestHeader("HX-Current-URL", window.location.href);
    if (poll) xhr.setRequestHeader("SP-Poll", "1");  /* not the person's doing: renews nothing */
    xhr.onload = function () {
      var redirect = xhr.getResponseHeader("HX-Redirect");
      if (redirect) { window.location.href = redirect; return; }
      if (xhr.status < 400 || xhr.status === 422) swap(el, xhr.responseText);
    };
    xhr.send(body);
  }
  function bind(root) {
    var els = root.querySelectorAll("[hx-get],[hx-post]");
    Array.prototype.forEach.call(els, function (el) {
      if (el.dataset.hxBound) return;
      el.dataset.hxBound = "1";
      var trig = el.getAttribute("hx-trigger") ||
        (el.tagName === "FORM" ? "submit" : (el.tagName === "INPUT" ? "change" : "click"));
      trig.split(",").forEach(function (t) {
        t = t.trim();
        var every = /^every (\d+)s$/.exec(t);
        var delay = /delay:(\d+)ms/.exec(t);
        if (every) {
          setInterval(function () {
            if (document.body.contains(el)) send(el, null, true);
          }, every[1] * 1000);
        } else if (t === "load") {
          send(el);
        } else {
          var name = t.split(" ")[0], timer = null;
          el.addEventListener(name, function (e) {
            if (name === "submit") e.preventDefault();
            if (delay) {
              clearTimeout(timer);
              timer = setTimeout(function () { send(el); }, +delay[1]);
            } else { send(el, e); }
          });
        }
      });
    });
  }
  /* Typing in a long form is activity: say so at most every 2 minutes, so the session does
     not end while she writes a testimony without changing page. Timed refreshes do not. */
  var said = Date.now();
  document.addEventListener("input", function () {
    var m = document.querySelector('meta[name="active-url"]');
    if (!m || Date.now() - said < 120000) return;
    said = Date.now();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", m.getAttribute("content"));
    xhr.setRequestHeader("X-CSRFToken", csrf());
    xhr.send();
  });
  document.addEventListener("DOMContentLoaded", function () { bind(document); });
})();
