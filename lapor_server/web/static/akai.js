/* Akai Meno: progressive enhancement only. Every page works without this file.
   - report form: the kampung list follows the distrik; a map pin over the distrik boundaries;
     photos made smaller in the browser (a 6 MB phone photo goes as at most 400 kB, and the
     re-encoding drops the photo's hidden location data); sending that survives a cut link
     (the text and photos stay on the page, and a second press cannot make a second report:
     the form instance is the report's idempotency key on the server);
   - text typed into a form is kept in this tab's sessionStorage until the report is sent. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var MAX_BYTES = 400 * 1024;
  var MAX_SIDE = 1600;
  var keptPhotos = null; // the (smaller) photos of the form, kept across a page swap
  var shrinking = null; // the promise of the photos being made smaller, while it runs

  function $(sel, root) { return (root || document).querySelector(sel); }

  /* ---- kampung follows distrik ---- */
  function linkVillages(form) {
    var district = $("#f-district", form), village = $("#f-village", form);
    if (!district || !village) return;
    function sync() {
      var code = district.value;
      Array.prototype.forEach.call(village.querySelectorAll("optgroup"), function (g) {
        var on = !code || g.getAttribute("data-district") === code;
        g.hidden = !on;
        g.disabled = !on;
      });
      var opt = village.selectedOptions && village.selectedOptions[0];
      if (opt && opt.parentNode.disabled) village.value = "";
    }
    district.addEventListener("change", sync);
    sync();
  }

  /* ---- map pin ---- */
  function project(lon, lat, box) {
    return [(lon - box.minLon) * box.k * 1000, (box.maxLat - lat) * 1000];
  }
  function inside(pt, ring) {
    var c = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[1] > pt[1]) !== (b[1] > pt[1]) &&
          pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) c = !c;
    }
    return c;
  }
  function polygons(geom) {
    return geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
  }
  function buildMap(form) {
    var box = $("#peta", form);
    if (!box || !window.fetch) return;
    fetch(box.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (geo) {
      var b = { minLon: 999, maxLon: -999, minLat: 999, maxLat: -999 };
      geo.features.forEach(function (f) {
        polygons(f.geometry).forEach(function (p) { p[0].forEach(function (c) {
          b.minLon = Math.min(b.minLon, c[0]); b.maxLon = Math.max(b.maxLon, c[0]);
          b.minLat = Math.min(b.minLat, c[1]); b.maxLat = Math.max(b.maxLat, c[1]);
        }); });
      });
      b.k = Math.cos((b.minLat + b.maxLat) / 2 * Math.PI / 180);
      var ns = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(ns, "svg");
      var w = (b.maxLon - b.minLon) * b.k * 1000, h = (b.maxLat - b.minLat) * 1000;
      svg.setAttribute("viewBox", "0 0 " + w.toFixed(1) + " " + h.toFixed(1));
      svg.setAttribute("class", "map");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", box.getAttribute("data-label"));
      var shapes = [];
      geo.features.forEach(function (f) {
        var d = "";
        polygons(f.geometry).forEach(function (p) { p.forEach(function (ring) {
          d += ring.map(function (c, i) {
            var xy = project(c[0], c[1], b);
            return (i ? "L" : "M") + xy[0].toFixed(1) + " " + xy[1].toFixed(1);
          }).join("") + "Z";
        }); });
        var path = document.createElementNS(ns, "path");
        path.setAttribute("d", d);
        var title = document.createElementNS(ns, "title");
        title.textContent = f.properties.distrik;
        path.appendChild(title);
        svg.appendChild(path);
        shapes.push({ name: f.properties.distrik, geom: f.geometry, path: path });
      });
      var pin = document.createElementNS(ns, "circle");
      pin.setAttribute("r", "9");
      pin.setAttribute("class", "pin");
      var lat = $("#f-lat", form), lon = $("#f-lon", form);
      var note = document.createElement("p");
      note.className = "hint";
      note.setAttribute("aria-live", "polite");
      var clear = document.createElement("button");
      clear.type = "button";
      clear.className = "button";
      clear.textContent = box.getAttribute("data-clear");
      function place(lo, la, pick) {
        lon.value = lo.toFixed(5); lat.value = la.toFixed(5);
        var xy = project(lo, la, b);
        pin.setAttribute("cx", xy[0]); pin.setAttribute("cy", xy[1]);
        if (!pin.parentNode) svg.appendChild(pin);
        note.textContent = box.getAttribute("data-set") + " (" + lat.value + ", " + lon.value + ")";
        clear.hidden = false;
        shapes.forEach(function (s) {
          var hit = polygons(s.geom).some(function (p) { return inside([lo, la], p[0]); });
          s.path.classList.toggle("on", hit);
          if (hit && pick) selectDistrict(form, s.name);
        });
      }
      svg.addEventListener("click", function (ev) {
        var m = svg.getScreenCTM();
        if (!m) return;
        var p = svg.createSVGPoint();
        p.x = ev.clientX; p.y = ev.clientY;
        var q = p.matrixTransform(m.inverse());
        place(b.minLon + q.x / 1000 / b.k, b.maxLat - q.y / 1000, true);
      });
      clear.addEventListener("click", function () {
        lat.value = ""; lon.value = ""; note.textContent = ""; clear.hidden = true;
        if (pin.parentNode) svg.removeChild(pin);
        shapes.forEach(function (s) { s.path.classList.remove("on"); });
      });
      clear.hidden = true;
      box.appendChild(svg);
      box.appendChild(note);
      box.appendChild(clear);
      if (lat.value && lon.value) place(parseFloat(lon.value), parseFloat(lat.value), false);
    }).catch(function () { /* the typed address still works */ });
  }
  function selectDistrict(form, name) {
    var sel = $("#f-district", form);
    if (!sel) return;
    Array.prototype.forEach.call(sel.options, function (o) {
      if (o.text.trim().toLowerCase() === name.trim().toLowerCase() && sel.value !== o.value) {
        sel.value = o.value;
        sel.dispatchEvent(new Event("change"));
      }
    });
  }

  /* ---- photos made smaller ---- */
  function toBlob(canvas, q) {
    return new Promise(function (ok) { canvas.toBlob(ok, "image/jpeg", q); });
  }
  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (img) {
      var scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
      function attempt(s, q) {
        var c = document.createElement("canvas");
        c.width = Math.max(1, Math.round(img.width * s));
        c.height = Math.max(1, Math.round(img.height * s));
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        return toBlob(c, q).then(function (blob) {
          if (!blob) return file;
          if (blob.size <= MAX_BYTES || (s < 0.2)) return blob;
          return q > 0.55 ? attempt(s, q - 0.1) : attempt(s * 0.8, 0.75);
        });
      }
      if (file.size <= MAX_BYTES && scale === 1) return file;
      return attempt(scale, 0.82).then(function (blob) {
        if (blob === file || blob.size >= file.size) return file;
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        return new File([blob], name, { type: "image/jpeg" });
      });
    }).catch(function () { return file; });
  }
  function linkPhotos(form) {
    var input = $("#f-photo-input", form), status = $("#photo-status", form);
    if (!input || !window.DataTransfer) return;
    if (keptPhotos && keptPhotos.length) {
      var dt0 = new DataTransfer();
      keptPhotos.forEach(function (f) { dt0.items.add(f); });
      input.files = dt0.files;
    }
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      if (!files.length) { keptPhotos = null; return; }
      form.setAttribute("data-busy", "1");
      shrinking = Promise.all(files.map(shrink)).then(function (small) {
        var dt = new DataTransfer();
        small.forEach(function (f) { dt.items.add(f); });
        input.files = dt.files;
        keptPhotos = small;
        var n = small.filter(function (f, i) { return f !== files[i]; }).length;
        if (status && n) status.textContent = form.getAttribute("data-resized").replace("{n}", n);
        form.removeAttribute("data-busy");
        shrinking = null;
      });
    });
  }

  /* ---- text kept in this tab ---- */
  var STORE = "akai-meno-form";
  function saveText(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || el.name === "answer") return;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) data[el.name + "=" + el.value] = true;
      } else data[el.name] = el.value;
    });
    try { sessionStorage.setItem(STORE, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function restoreText(form) {
    var raw;
    try { raw = sessionStorage.getItem(STORE); } catch (e) { return; }
    if (!raw || $("#ringkasan")) return; // a page the server filled in wins
    var data = JSON.parse(raw), body = $("#f-body", form);
    if (!body || body.value) return;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file") return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = !!data[el.name + "=" + el.value];
      } else if (data[el.name] !== undefined) el.value = data[el.name];
    });
  }

  /* ---- sending that survives a cut link ---- */
  function swapPage(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.title = doc.title;
    document.documentElement.lang = doc.documentElement.lang;
    document.body.innerHTML = doc.body.innerHTML;
    init();
    var focus = $("#ringkasan") || $("h1");
    if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
    window.scrollTo(0, 0);
  }
  function linkSending(form) {
    if (!window.fetch || !window.FormData) return;
    var status = $("#send-status", form);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var button = $("button[type=submit]", form);
      if (button.disabled) return;
      button.disabled = true;
      if (shrinking) {
        // pressed while the photos are still being made smaller: say so, send when ready
        status.textContent = form.getAttribute("data-waiting");
        shrinking.then(function () { send(button); });
        return;
      }
      send(button);
    });
    function send(button) {
      status.textContent = form.getAttribute("data-saving");
      saveText(form);
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) {
          var type = r.headers.get("content-type") || "";
          if (type.indexOf("text/html") < 0) throw new Error("not a page");
          return r.text();
        })
        .then(function (html) {
          if (html.indexOf('id="kode"') >= 0) {
            try { sessionStorage.removeItem(STORE); } catch (e) { /* ignore */ }
            keptPhotos = null;
          }
          swapPage(html);
        })
        .catch(function () {
          button.disabled = false;
          status.textContent = form.getAttribute("data-offline");
        });
    }
  }

  // The e-mail's link carries the follow-up code in the fragment (#kode=…), which a browser never
  // sends: put it into the page's own POST form, drop it from the address bar and history, open.
  function openFromFragment() {
    var m = /^#kode=([^&]+)$/.exec(location.hash || "");
    var field = $("#f-kode");
    if (!m || !field || !field.form) return;
    var code;
    try { code = decodeURIComponent(m[1]); } catch (e) { return; }
    history.replaceState(null, "", location.pathname + location.search);
    field.value = code;
    field.form.submit();
  }

  function init() {
    openFromFragment();
    window.addEventListener("hashchange", openFromFragment);
    var form = $("#f-form");
    if (form) {
      restoreText(form);
      linkVillages(form);
      buildMap(form);
      linkPhotos(form);
      form.addEventListener("input", function () { saveText(form); });
      linkSending(form);
    }
  }
  init();
})();
