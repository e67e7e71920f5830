"""The API's documentation page (``/docs``), served by the server itself: a provincial intranet reaches no CDN.

A small page of our own renders ``/openapi.json`` in the browser: every operation with its parameters, request body,
answers and the schemas they name. No third-party asset is loaded (a test checks that the page names no host).
"""

from __future__ import annotations

DOCS_HTML = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>desk — giao thức đồng bộ v1</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .5rem 0; padding: .3rem .7rem; }
summary { cursor: pointer; } .m { display: inline-block; width: 4.5rem; font-weight: bold; font-family: monospace; }
.get { color: #1b6e20; } .post { color: #0b4f9c; } code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #f6f6f6; padding: .5rem; overflow: auto; max-height: 28rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
.desc { white-space: pre-wrap; }
</style>
</head>
<body>
<h1 id="title">desk — giao thức đồng bộ v1</h1>
<p>Tài liệu này đọc <a href="/openapi.json">/openapi.json</a> của chính máy chủ.</p>
<div id="intro" class="desc"></div>
<div id="ops"></div>
<h2>Lược đồ dữ liệu</h2>
<div id="schemas"></div>
<script>
"use strict";
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function ref(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.type === "array") return "[" + ref(schema.items) + "]";
  if (schema.anyOf) return schema.anyOf.map(ref).join(" | ");
  return schema.type || "object";
}
fetch("/openapi.json").then(r => r.json()).then(api => {
  document.getElementById("title").textContent = api.info.title + " — " + api.info.version;
  document.getElementById("intro").textContent = (api.info.description || "").trim();
  const ops = document.getElementById("ops");
  for (const [path, methods] of Object.entries(api.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const d = el("details");
      const s = el("summary");
      s.append(el("span", {class: "m " + method}, method.toUpperCase()), el("code", {}, path), " — " + (op.summary || ""));
      d.append(s);
      if (op.description) d.append(el("p", {class: "desc"}, op.description));
      if (op.parameters && op.parameters.length) {
        const t = el("table");
        t.append(el("tr")).append(el("th", {}, "tham số"), el("th", {}, "ở"), el("th", {}, "kiểu"), el("th", {}, "bắt buộc"));
        for (const prm of op.parameters) {
          const tr = el("tr");
          tr.append(el("td", {}, prm.name), el("td", {}, prm.in), el("td", {}, ref(prm.schema)), el("td", {}, prm.required ? "có" : ""));
          t.append(tr);
        }
        d.append(t);
      }
      if (op.requestBody) {
        const c = op.requestBody.content || {};
        const first = Object.values(c)[0] || {};
        d.append(el("p", {}, "Thân yêu cầu: " + ref(first.schema)));
      }
      const ul = el("ul");
      for (const [code, resp] of Object.entries(op.responses || {})) {
        const c = (resp.content || {})["application/json"] || {};
        ul.append(el("li", {}, code + " — " + (resp.description || "") + (c.schema ? " (" + ref(c.schema) + ")" : "")));
      }
      d.append(ul);
      ops.append(d);
    }
  }
  const schemas = document.getElementById("schemas");
  for (const [name, schema] of Object.entries((api.components || {}).schemas || {})) {
    const d = el("details", {id: name});
    d.append(el("summary", {}, name));
    if (schema.description) d.append(el("p", {class: "desc"}, schema.description));
    d.append(el("pre", {}, JSON.stringify(schema, null, 2)));
    schemas.append(d);
  }
}).catch(err => { document.getElementById("intro").textContent = "Không đọc được /openapi.json: " + err; });
</script>
</body>
</html>
"""
