/* The field app: the package and the queue of visits live in IndexedDB, so the list,
   the map and the visit form work offline; the queue is sent to /api/field/ when the
   network returns, each visit under its own idempotency key. */
"use strict";
(function () {
  const S = JSON.parse(document.getElementById("field-strings").textContent);
  const API = JSON.parse(document.getElementById("field-api").textContent);
  const PHOTO_MAX = window.FIELD_PHOTO_MAX_KB * 1024;
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, k) => values[k]);
  const lang = document.documentElement.lang;
  let pkg = null;
  let here = null; // {lon, lat, accuracy}
  let map = null;
  let syncing = false;

  /* ---- IndexedDB ---- */
  const dbReady = new Promise((resolve, reject) => {
    const open = indexedDB.open("field", 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore("package");
      open.result.createObjectStore("queue", { keyPath: "key" });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  function store(name, mode, work) {
    return dbReady.then((db) => new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request && request.result);
      tx.onerror = () => reject(tx.error);
    }));
  }
  const packageGet = () => store("package", "readonly", (s) => s.get("current"));
  const packagePut = (value) => store("package", "readwrite", (s) => s.put(value, "current"));
  const queueAll = () => store("queue", "readonly", (s) => s.getAll());
  const queuePut = (record) => store("queue", "readwrite", (s) => s.put(record));

  /* ---- tabs and network state ---- */
  function show(tab) {
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === "tab-" + tab));
    document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
    if (tab === "map") drawMap();
  }
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => show(b.dataset.tab)));
  function net() {
    $("net").textContent = navigator.onLine ? S.online : S.offline;
    $("net").className = "net " + (navigator.onLine ? "on" : "off");
  }
  window.addEventListener("online", () => { net(); sync(); });
  window.addEventListener("offline", net);

  /* ---- the package ---- */
  function features(name) { return pkg ? pkg[name].features : []; }
  function byId() { const m = new Map(); features("establishments").forEach((f) => m.set(f.id, f)); return m; }
  function distance(a, b) {
    const rad = Math.PI / 180, dLat = (b[1] - a[1]) * rad, dLon = (b[0] - a[0]) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }
  function route() {
    // The server's planned order; from the team's position, nearest next (offline).
    const all = byId();
    const planned = pkg ? pkg.route.map((id) => all.get(id)).filter(Boolean) : [];
    if (!here) return planned;
    const left = planned.slice(), ordered = [];
    let at = [here.lon, here.lat];
    while (left.length) {
      let best = 0;
      left.forEach((f, i) => { if (distance(at, f.geometry.coordinates) < distance(at, left[best].geometry.coordinates)) best = i; });
      const next = left.splice(best, 1)[0];
      ordered.push(next);
      at = next.geometry.coordinates;
    }
    return ordered;
  }
  function renderList() {
    $("package-date").textContent = pkg ? fmt(S.package_taken, { date: new Date(pkg.taken_at).toLocaleString(lang) }) : S.no_package;
    const list = $("visits");
    list.replaceChildren();
    route().forEach((f) => {
      const p = f.properties, item = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = p.name;
      const facts = document.createElement("span");
      facts.className = "muted";
      facts.textContent = ` ${p.address || ""} · ${S.last_inspected}: ${p.last_inspected || S.never}` + (p.last_result ? ` (${S.results[p.last_result] || p.last_result})` : "");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = S.record;
      button.className = "record";
      button.dataset.id = f.id;
      button.addEventListener("click", () => openForm(f));
      item.append(title, facts, button);
      list.append(item);
    });
  }
  function drawMap() {
    if (!pkg) return;
    if (!map) map = L.map("map", { zoomControl: true });
    map.eachLayer((layer) => map.removeLayer(layer));
    // The view first: Leaflet cannot place a vector layer on a map without one.
    const outline = L.geoJSON(pkg.boundaries, { style: { color: "#1f5f8b", weight: 2, fillOpacity: 0.05 } });
    map.invalidateSize();
    if (outline.getBounds().isValid()) map.fitBounds(outline.getBounds());
    else map.setView([16, 106], 6);
    outline.addTo(map);
    L.geoJSON(pkg.sensitive_sites, {
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 5, color: "#b2182b" }).bindTooltip(f.properties.name || ""),
    }).addTo(map);
    L.geoJSON(pkg.establishments, {
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 7, color: "#333", fillColor: "#fdae61", fillOpacity: 0.9 })
        .bindPopup(f.properties.name).on("dblclick", () => openForm(f)),
    }).addTo(map);
    if (here) L.circle([here.lat, here.lon], { radius: here.accuracy || 10, color: "#2166ac" }).addTo(map);
  }

  /* ---- communes and download ---- */
  function loadCommunes() {
    if (!navigator.onLine) return;
    fetch(API.communes, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : [])).then((rows) => {
      const box = $("communes");
      box.replaceChildren();
      rows.forEach((row) => {
        const label = document.createElement("label"), input = document.createElement("input");
        input.type = "checkbox";
        input.value = row.code;
        input.checked = !!(pkg && pkg.communes.includes(row.code));
        label.append(input, ` ${row.name} (${row.code})`);
        box.append(label);
      });
    }).catch(() => {});
  }
  $("download").addEventListener("click", () => {
    const codes = [...document.querySelectorAll("#communes input:checked")].map((i) => i.value);
    const message = $("download-message");
    if (!codes.length) { message.textContent = S.choose_commune; return; }
    message.textContent = S.downloading;
    fetch(API.package + "?commune=" + encodeURIComponent(codes.join(",")), { credentials: "same-origin" })
      .then((r) => r.json().then((body) => { if (!r.ok) throw new Error(body.detail || r.status); return body; }))
      .then((body) => { body.stored_at = new Date().toISOString(); pkg = body; return packagePut(body); })
      .then(() => { message.textContent = fmt(S.downloaded, { count: features("establishments").length }); renderList(); })
      .catch((e) => { message.textContent = fmt(S.download_failed, { reason: e.message }); });
  });

  /* ---- position ---- */
  function locate() {
    return new Promise((resolve) => {
      if (!navigator.geolocation) { resolve(null); return; }
      navigator.geolocation.getCurrentPosition(
        (p) => {
          here = { lon: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy };
          $("position").textContent = fmt(S.position, { m: Math.round(here.accuracy) });
          resolve(here);
        },
        (e) => { $("position").textContent = fmt(S.position_none, { reason: e.message }); resolve(null); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }
  $("locate").addEventListener("click", () => locate().then(() => { renderList(); if (map) drawMap(); }));

  /* ---- the visit form ---- */
  const form = $("visit-form");
  function today() { const d = new Date(); return new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }
  function openForm(f, record) {
    form.reset();
    form.dataset.correcting = record ? record.key : "";
    form.establishment.value = f.id;
    form.date.value = today();
    form.time.value = new Date().toTimeString().slice(0, 5);
    $("form-title").textContent = f.properties.name;
    $("form-errors").hidden = true;
    form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
    if (record) {
      FIELDS.forEach((name) => { form[name].value = record.body[name] == null ? "" : record.body[name]; });
    }
    show("form");
    locate().then((p) => { $("form-position").textContent = p ? fmt(S.position, { m: Math.round(p.accuracy) }) : ""; });
  }
  $("cancel").addEventListener("click", () => show("list"));
  const FIELDS = ["date", "time", "team", "result", "violations", "decision_number", "fine_vnd", "follow_up_due", "notes"];
  function correct(key) {
    // A correction goes to the server at once (online only): the period is the server's.
    const v = (name) => form[name].value.trim();
    const body = {};
    FIELDS.forEach((name) => { body[name] = v(name) || (name === "time" || name === "fine_vnd" || name === "follow_up_due" ? null : ""); });
    if (body.fine_vnd !== null) body.fine_vnd = Number(body.fine_vnd);
    return change(key, "PATCH", API.visits + key + "/", body);
  }
  function change(key, method, url, body) {
    return fetch(url, {
      method, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json", Accept: "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json().catch(() => ({})).then((answer) => {
      if (!r.ok) throw new Error(problemText(answer));
      return store("queue", "readonly", (s) => s.get(key)).then((record) => {
        if (body) Object.assign(record.body, body);
        record.message = S[answer.state] || answer.state;
        return queuePut(record);
      });
    }));
  }
  function validate() {
    // Every rule the server checks, all errors at once (the server checks them again).
    const errors = [], bad = (name, text) => { errors.push(text); form[name].classList.add("invalid"); };
    form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
    const v = (name) => form[name].value.trim();
    if (!v("date")) bad("date", fmt(S.required, { field: S.date }));
    else if (v("date") > today()) bad("date", fmt(S.future, { field: S.date }));
    if (!v("team")) bad("team", fmt(S.required, { field: S.team }));
    if (!v("result")) bad("result", fmt(S.required, { field: S.result }));
    if (v("result") === "violation" && !v("violations")) bad("violations", S.violations_needed);
    if (v("fine_vnd") && !/^\d+$/.test(v("fine_vnd"))) bad("fine_vnd", S.fine_number);
    if (v("fine_vnd") && Number(v("fine_vnd")) > 0 && !v("decision_number")) bad("decision_number", S.decision_needed);
    if (v("follow_up_due") && v("date") && v("follow_up_due") < v("date")) bad("follow_up_due", S.before_visit);
    return errors;
  }
  function showErrors(errors) {
    const box = $("form-errors");
    box.replaceChildren();
    if (!errors.length) { box.hidden = true; return; }
    const head = document.createElement("p"), list = document.createElement("ul");
    head.textContent = S.fix_errors;
    errors.forEach((e) => { const li = document.createElement("li"); li.textContent = e; list.append(li); });
    box.append(head, list);
    box.hidden = false;
    box.scrollIntoView();
  }
  function compress(file) {
    // Canvas → JPEG, smaller and lower quality until it fits the limit.
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(file), image = new Image();
      image.onload = () => {
        URL.revokeObjectURL(url);
        let side = 1600, quality = 0.8;
        const attempt = () => {
          const scale = Math.min(1, side / Math.max(image.width, image.height));
          const canvas = document.createElement("canvas");
          canvas.width = Math.round(image.width * scale);
          canvas.height = Math.round(image.height * scale);
          canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
          canvas.toBlob((blob) => {
            if (blob.size <= PHOTO_MAX) resolve(blob);
            else if (side > 400) { side = Math.round(side * 0.75); quality = Math.max(0.5, quality - 0.1); attempt(); }
            else reject(fmt(S.photo_too_large, { name: file.name, kb: window.FIELD_PHOTO_MAX_KB }));
          }, "image/jpeg", quality);
        };
        attempt();
      };
      image.onerror = () => { URL.revokeObjectURL(url); reject(fmt(S.photo_not_image, { name: file.name })); };
      image.src = url;
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const errors = validate();
    const files = [...form.photos.files];
    Promise.all(files.map((f) => compress(f).then((blob) => ({ blob }), (reason) => ({ reason }))))
      .then((photos) => {
        photos.filter((p) => p.reason).forEach((p) => { errors.push(p.reason); form.photos.classList.add("invalid"); });
        showErrors(errors);
        if (errors.length) return;
        if (form.dataset.correcting) {
          return correct(form.dataset.correcting).then(() => { show("queue"); renderQueue(); }, (e) => showErrors([e.message]));
        }
        const v = (name) => form[name].value.trim();
        const body = {
          key: crypto.randomUUID(),
          establishment: Number(v("establishment")),
          package_taken_at: pkg.taken_at,
          date: v("date"), time: v("time") || null, team: v("team"), result: v("result"),
          violations: v("violations"), decision_number: v("decision_number"),
          fine_vnd: v("fine_vnd") ? Number(v("fine_vnd")) : null,
          follow_up_due: v("follow_up_due") || null, notes: v("notes"),
          lon: here ? here.lon : null, lat: here ? here.lat : null, accuracy_m: here ? here.accuracy : null,
        };
        const record = {
          key: body.key, body, state: "queued", message: "", name: $("form-title").textContent,
          photos: photos.map((p) => ({ key: crypto.randomUUID(), blob: p.blob, sent: false })),
          created: new Date().toISOString(),
        };
        return queuePut(record).then(() => {
          $("saved").textContent = S.saved;
          $("saved").hidden = false;
          setTimeout(() => { $("saved").hidden = true; }, 4000);
          show("queue");
          renderQueue();
          if (navigator.onLine) sync();
        });
      });
  });

  /* ---- the queue and sync ---- */
  function renderQueue() {
    return queueAll().then((records) => {
      records.sort((a, b) => a.created.localeCompare(b.created));
      $("queue-count").textContent = records.filter((r) => r.state !== "synced").length;
      const list = $("queue");
      list.replaceChildren();
      records.forEach((r) => {
        const item = document.createElement("li"), badge = document.createElement("span");
        item.dataset.key = r.key;
        item.dataset.state = r.state;
        badge.className = "state " + r.state;
        badge.textContent = S[r.state];
        const text = document.createElement("span");
        text.textContent = ` ${r.name} · ${r.body.date} ${r.body.time || ""} · ${r.photos.length} 📷`;
        item.append(badge, text);
        if (r.message) { const m = document.createElement("p"); m.className = "muted"; m.textContent = r.message; item.append(m); }
        if (r.state === "synced" || r.state === "conflict") {
          const fix = document.createElement("button"), drop = document.createElement("button");
          fix.type = drop.type = "button";
          fix.textContent = S.correct;
          drop.textContent = S.withdraw;
          const f = byId().get(r.body.establishment);
          fix.addEventListener("click", () => { if (f) openForm(f, r); });
          drop.addEventListener("click", () => {
            if (!window.confirm(S.withdraw_confirm)) return;
            change(r.key, "POST", API.visits + r.key + "/withdraw/").then(renderQueue, (e) => { $("sync-message").textContent = e.message; });
          });
          item.append(" ", fix, " ", drop);
        }
        list.append(item);
      });
    });
  }
  function csrf() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : document.querySelector("meta[name=csrf-token]").content;
  }
  function problemText(body) {
    if (body && body.detail) return body.detail;
    return Object.entries(body || {}).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`).join("; ");
  }
  function send(record) {
    const headers = { "X-CSRFToken": csrf(), Accept: "application/json" };
    return fetch(API.visits, {
      method: "POST", credentials: "same-origin",
      headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(record.body),
    }).then((r) => r.json().catch(() => ({})).then((body) => ({ r, body }))).then(({ r, body }) => {
      if (r.status === 401 || r.status === 403) { record.state = "queued"; record.message = S.login_again; return false; }
      if (!r.ok) { record.state = "error"; record.message = problemText(body); return false; }
      const visitUrl = API.visits + record.key + "/photos/";
      let chain = Promise.resolve();
      record.photos.filter((p) => !p.sent).forEach((p) => {
        chain = chain.then(() => {
          const data = new FormData();
          data.append("photo", p.blob, p.key + ".jpg");
          data.append("photo_key", p.key);
          return fetch(visitUrl, { method: "POST", credentials: "same-origin", headers, body: data })
            .then((pr) => pr.json().catch(() => ({})).then((pbody) => {
              if (!pr.ok) throw Object.assign(new Error(problemText(pbody)), { http: true });
              p.sent = true;
            }));
        });
      });
      return chain.then(() => {
        record.state = body.conflict ? "conflict" : "synced";
        record.message = body.conflict ? S.conflict_note : "";
        record.visit_id = body.id;
        return true;
      }, (e) => { record.state = e.http ? "error" : "queued"; record.message = e.message; return false; });
    });
  }
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    let sent = 0;
    return queueAll().then((records) => {
      const waiting = records.filter((r) => r.state === "queued" || r.state === "sending").sort((a, b) => a.created.localeCompare(b.created));
      if (!waiting.length) { $("sync-message").textContent = S.nothing_to_sync; return; }
      let chain = Promise.resolve();
      waiting.forEach((record) => {
        chain = chain.then(() => {
          record.state = "sending";
          return queuePut(record).then(renderQueue).then(() => send(record))
            .then((ok) => { if (ok) sent += 1; }, (e) => { record.state = "queued"; record.message = String(e.message || e); })
            .then(() => queuePut(record)).then(renderQueue);
        });
      });
      return chain.then(() => { $("sync-message").textContent = fmt(S.sent, { count: sent }); });
    }).finally(() => { syncing = false; renderQueue(); });
  }
  $("sync").addEventListener("click", () => sync());

  /* ---- start ---- */
  net();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register(window.FIELD_SW, { scope: "/field/" });
  packageGet().then((stored) => { pkg = stored || null; renderList(); loadCommunes(); });
  renderQueue();
  window.fieldSync = sync; // for a console on the phone and the browser test
})();
