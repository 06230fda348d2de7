/* The complaint form's map pin (loaded only when COMPLAINT_MAP_TILE_URL is set).
   Without this script the form keeps two plain coordinate fields beside the typed address.
   With it, the fields become hidden inputs filled by a pin the citizen drops on the map: click or
   tap a point, or (keyboard) move the map with the arrow keys and press Enter to pin its centre.
   No library, no CDN: a small Web Mercator tile view. */
(function () {
  "use strict";
  var box = document.getElementById("peta-pin");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!box || !lat || !lon || !box.dataset.tiles) return;
  var tiles = box.dataset.tiles;
  var t = box.dataset; // the words, translated by the page (data-t-*)
  var T = 256, MINZ = 3, MAXZ = 18;
  var zoom = 5, cx, cy; // map centre in world pixels at `zoom`
  var pin = null; // [lat, lon]

  function world(z) { return T * Math.pow(2, z); }
  function project(la, lo, z) {
    var s = Math.sin(la * Math.PI / 180), w = world(z);
    return [(lo + 180) / 360 * w, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * w];
  }
  function unproject(x, y, z) {
    var w = world(z);
    var lo = x / w * 360 - 180;
    var la = Math.atan(Math.sinh(Math.PI * (1 - 2 * y / w))) * 180 / Math.PI;
    return [la, ((lo + 540) % 360) - 180];
  }
  function el(tag, css, text) {
    var e = document.createElement(tag);
    if (css) for (var k in css) e.style[k] = css[k];
    if (text) e.textContent = text;
    return e;
  }

  // The number fields become hidden inputs; their groups (label, help, errors) are hidden.
  [lat, lon].forEach(function (input) {
    var group = input.closest("[data-coord]");
    if (group) group.hidden = true;
    input.type = "hidden";
  });

  var help = el("p", null, t.tHelp);
  help.id = "peta-bantuan";
  var view = el("div", {
    position: "relative", overflow: "hidden", height: "280px", width: "100%",
    background: "#e8eef2", border: "1px solid #555", touchAction: "none", cursor: "crosshair"
  });
  view.tabIndex = 0;
  view.setAttribute("role", "application");
  view.setAttribute("aria-label", t.tMap);
  view.setAttribute("aria-describedby", "peta-bantuan");
  var layer = el("div", { position: "absolute", left: "0", top: "0" });
  var cross = el("div", {
    position: "absolute", left: "50%", top: "50%", transform: "translate(-50%,-50%)",
    font: "bold 20px sans-serif", color: "#000", pointerEvents: "none"
  }, "+");
  var marker = el("div", {
    position: "absolute", width: "18px", height: "18px", marginLeft: "-9px", marginTop: "-9px",
    borderRadius: "50%", background: "#c00", border: "3px solid #fff",
    boxShadow: "0 0 0 2px #000", pointerEvents: "none", display: "none"
  });
  view.appendChild(layer);
  view.appendChild(cross);
  view.appendChild(marker);

  var status = el("p");
  status.setAttribute("aria-live", "polite");
  var bar = el("p");
  function button(label, title, action) {
    var b = el("button", null, label);
    b.type = "button";
    b.className = "btn btn-secondary";
    if (title) b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    bar.appendChild(b);
    bar.appendChild(document.createTextNode(" "));
    return b;
  }
  button("+", t.tZoomIn, function () { setZoom(zoom + 1); });
  button("−", t.tZoomOut, function () { setZoom(zoom - 1); });
  var clear = button(t.tClear, "", function () { setPin(null); });

  box.appendChild(help);
  box.appendChild(view);
  box.appendChild(bar);
  box.appendChild(status);
  if (box.dataset.attribution) {
    box.appendChild(el("p", { fontSize: "0.8em" }, t.tSource + " " + box.dataset.attribution));
  }
  box.hidden = false;

  function tileUrl(z, x, y) {
    return tiles.replace("{s}", "a").replace("{z}", z).replace("{x}", x).replace("{y}", y);
  }
  var cache = {};
  function hide() { this.style.visibility = "hidden"; } // a missing tile: blank, no broken icon
  function draw() {
    var w = view.clientWidth || 320, h = view.clientHeight || 280;
    var left = cx - w / 2, top = cy - h / 2, n = Math.pow(2, zoom), seen = {};
    for (var ty = Math.floor(top / T); ty <= Math.floor((top + h) / T); ty++) {
      if (ty < 0 || ty >= n) continue;
      for (var tx = Math.floor(left / T); tx <= Math.floor((left + w) / T); tx++) {
        var key = zoom + "/" + tx + "/" + ty;
        seen[key] = true;
        var img = cache[key];
        if (!img) {
          img = el("img", { position: "absolute", width: T + "px", height: T + "px" });
          img.alt = "";
          img.draggable = false;
          img.addEventListener("error", hide);
          img.src = tileUrl(zoom, ((tx % n) + n) % n, ty);
          cache[key] = img;
          layer.appendChild(img);
        }
        img.style.left = (tx * T - left) + "px";
        img.style.top = (ty * T - top) + "px";
      }
    }
    for (var k in cache) {
      if (!seen[k]) { layer.removeChild(cache[k]); delete cache[k]; }
    }
    if (pin) {
      var p = project(pin[0], pin[1], zoom);
      marker.style.left = (p[0] - left) + "px";
      marker.style.top = (p[1] - top) + "px";
      marker.style.display = "block";
    } else {
      marker.style.display = "none";
    }
  }
  function setZoom(z) {
    z = Math.max(MINZ, Math.min(MAXZ, z));
    if (z === zoom) return;
    var f = Math.pow(2, z - zoom);
    cx *= f; cy *= f; zoom = z;
    draw();
  }
  function setPin(p) {
    pin = p;
    lat.value = p ? p[0].toFixed(6) : "";
    lon.value = p ? p[1].toFixed(6) : "";
    status.textContent = p ? t.tPinned + " " + lat.value + ", " + lon.value : t.tNone;
    clear.disabled = !p;
    draw();
  }

  var start = null, moved = false;
  view.addEventListener("pointerdown", function (e) {
    start = [e.clientX, e.clientY, cx, cy];
    moved = false;
    view.setPointerCapture(e.pointerId);
  });
  view.addEventListener("pointermove", function (e) {
    if (!start) return;
    var dx = e.clientX - start[0], dy = e.clientY - start[1];
    if (Math.abs(dx) + Math.abs(dy) > 4) moved = true;
    if (moved) { cx = start[2] - dx; cy = start[3] - dy; draw(); }
  });
  view.addEventListener("pointerup", function (e) {
    if (start && !moved) {
      var r = view.getBoundingClientRect();
      var x = cx - r.width / 2 + (e.clientX - r.left), y = cy - r.height / 2 + (e.clientY - r.top);
      setPin(unproject(x, y, zoom));
    }
    start = null;
  });
  view.addEventListener("keydown", function (e) {
    var step = 64, k = e.key;
    if (k === "ArrowLeft") cx -= step;
    else if (k === "ArrowRight") cx += step;
    else if (k === "ArrowUp") cy -= step;
    else if (k === "ArrowDown") cy += step;
    else if (k === "+" || k === "=") { setZoom(zoom + 1); e.preventDefault(); return; }
    else if (k === "-" || k === "_") { setZoom(zoom - 1); e.preventDefault(); return; }
    else if (k === "Enter" || k === " ") { setPin(unproject(cx, cy, zoom)); e.preventDefault(); return; }
    else return;
    e.preventDefault();
    draw();
  });
  window.addEventListener("resize", draw);

  var la0 = parseFloat(lat.value), lo0 = parseFloat(lon.value);
  var have = isFinite(la0) && isFinite(lo0) && Math.abs(la0) <= 85 && Math.abs(lo0) <= 180;
  if (have) zoom = 15;
  var c = project(have ? la0 : -2.5, have ? lo0 : 118, zoom); // else: Indonesia
  cx = c[0]; cy = c[1];
  setPin(have ? [la0, lo0] : null);
})();
