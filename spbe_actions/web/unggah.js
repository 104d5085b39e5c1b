/* Upload progress for the evidence forms: progressive enhancement, served from our own origin (CSP
   script-src 'self'). Without this script a form posts as it always did. With it, a form holding a
   [data-unggah] box, sent with files chosen, posts the same fields with XMLHttpRequest, shows the upload's
   percentage in the box's <progress>, then follows the server's answer as a plain post would: a redirect is
   followed, any other answer (the form again with its errors, 413, 403) becomes the page. Links alone post
   as usual. Every text comes from the page. */
(function () {
  "use strict";

  function say(box, name, percent) {
    var line = box.querySelector("[data-teks]");
    line.textContent = box.getAttribute(name).replace("{p}", String(percent));
  }

  function chosen(form) {
    var files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.push.apply(files, Array.prototype.slice.call(input.files || []));
    });
    return files;
  }

  function tooLarge(files, box) {
    var perFile = Number(box.getAttribute("data-maks-berkas"));
    var total = 0;
    var over = false;
    files.forEach(function (file) {
      total += file.size;
      over = over || file.size > perFile;
    });
    return over || total > Number(box.getAttribute("data-maks-kirim"));
  }

  function become(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.title = doc.title; // every page shares the head (the same style); the body is the answer
    document.body.replaceWith(document.adoptNode(doc.body));
    window.scrollTo(0, 0);
    setUp(); // scripts parsed by DOMParser never run: bind the new page's form here
  }

  function send(form, box) {
    var bar = box.querySelector("progress");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    var posted = new URL(form.action, window.location.href);
    var last = -1;
    function shown(percent) {
      if (percent !== last) { // a screen reader hears each new percentage once
        last = percent;
        bar.value = percent;
        say(box, "data-progres", percent);
      }
    }
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable && event.total > 0) {
        shown(Math.floor((event.loaded * 100) / event.total));
      }
    });
    xhr.upload.addEventListener("load", function () { shown(100); });
    xhr.addEventListener("load", function () {
      var answer = new URL(xhr.responseURL || posted.href, window.location.href);
      if (answer.pathname !== posted.pathname || answer.search !== posted.search) {
        window.location.assign(answer.href); // the 303 after a recorded submission
      } else {
        become(xhr.responseText);
      }
    });
    function failed() {
      button.disabled = false;
      say(box, "data-gagal", 0);
    }
    xhr.addEventListener("error", failed);
    xhr.addEventListener("abort", failed);
    xhr.open("POST", posted.href);
    button.disabled = true;
    box.hidden = false;
    shown(0);
    xhr.send(new FormData(form));
  }

  function setUp() {
    document.querySelectorAll("form").forEach(function (form) {
      var box = form.querySelector("[data-unggah]");
      if (!box || !window.FormData || !window.XMLHttpRequest) {
        return;
      }
      form.addEventListener("submit", function (event) {
        var files = chosen(form);
        if (files.length === 0) {
          return; // links only: nothing to show progress for, the form posts as usual
        }
        event.preventDefault();
        if (tooLarge(files, box)) {
          box.hidden = false;
          say(box, "data-terlalu-besar", 0);
          return;
        }
        send(form, box);
      });
    });
  }

  setUp();
})();
