/**
 * The docs page's script, as the text the browser runs: it fetches /openapi.json from the same
 * server and builds the page from it (operations grouped by tag, parameters, request and response
 * schemas, a curl example each). Plain browser JavaScript kept in a string, so the page needs no
 * bundler and no file beside it; every value is written with textContent, never as HTML.
 */
export const CLIENT_SCRIPT = String.raw`
"use strict";
(function () {
  var spec;
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function refName(ref) { return ref.split("/").pop(); }
  function resolve(schema) {
    var seen = 0;
    while (schema && schema.$ref && seen++ < 20) schema = spec.components.schemas[refName(schema.$ref)];
    return schema || {};
  }
  function typeOf(schema) {
    if (schema.$ref) return refName(schema.$ref);
    if (schema.enum) return schema.enum.map(function (v) { return JSON.stringify(v); }).join(" | ");
    if (schema.oneOf || schema.anyOf) return "one of";
    var type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || "any";
    if (type === "array") return typeOf(schema.items || {}) + "[]";
    if (type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object")
      return "map of " + typeOf(schema.additionalProperties);
    return type;
  }

  // A schema as a nested list of fields; named schemas open on demand, and never recursively.
  function schemaView(schema, depth, trail) {
    var box = el("div", "schema");
    var target = resolve(schema);
    var list = target.oneOf || target.anyOf;
    if (list) {
      list.forEach(function (option, i) {
        var d = el("details", "option");
        add(d, el("summary", null, "option " + (i + 1) + ": " + typeOf(option)));
        add(d, schemaView(option, depth + 1, trail));
        add(box, d);
      });
      return box;
    }
    if (target.type === "array") return schemaView(target.items || {}, depth, trail);
    var props = target.properties || {};
    var required = target.required || [];
    var names = Object.keys(props);
    if (names.length === 0) {
      add(box, el("span", "type", typeOf(schema)));
      if (target.description) add(box, el("span", "desc", " " + target.description));
      return box;
    }
    var table = el("table", "fields");
    names.forEach(function (name) {
      var prop = props[name];
      var row = el("tr");
      add(row, el("td", "name", name + (required.indexOf(name) >= 0 ? "" : "?")));
      add(row, el("td", "type", typeOf(prop)));
      var cell = el("td", "desc", resolve(prop).description || prop.description || "");
      var inner = resolve(prop.type === "array" ? prop.items || {} : prop);
      var named = prop.$ref || (prop.items && prop.items.$ref);
      var nested = inner.properties || inner.oneOf || inner.anyOf;
      if (nested && depth < 6 && !(named && trail.indexOf(named) >= 0)) {
        var d = el("details");
        add(d, el("summary", null, "fields"));
        add(d, schemaView(prop, depth + 1, named ? trail.concat([named]) : trail));
        add(cell, d);
      }
      add(table, add(row, cell));
    });
    return add(box, table);
  }

  // A small example body from a schema, for the curl line.
  function example(schema, depth) {
    var s = resolve(schema);
    if (depth > 4) return null;
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    if (s.oneOf || s.anyOf) return example((s.oneOf || s.anyOf)[0], depth + 1);
    var type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === "object" || s.properties) {
      var out = {};
      (s.required || []).forEach(function (k) { out[k] = example(s.properties[k], depth + 1); });
      if (!s.required && s.properties) {
        var first = Object.keys(s.properties)[0];
        if (first) out[first] = example(s.properties[first], depth + 1);
      }
      return out;
    }
    if (type === "array") return [example(s.items || {}, depth + 1)];
    if (type === "integer" || type === "number") return 1;
    if (type === "boolean") return true;
    return "text";
  }

  function quote(text) { return "'" + text.replace(/'/g, "'\\''") + "'"; }

  function curl(method, path, op, sse) {
    var parts = ["curl -s"];
    if (sse) parts[0] = "curl -sN";
    if (method !== "get") parts.push("-X " + method.toUpperCase());
    if (op.security && op.security.length) parts.push('-H "Authorization: Bearer $KEY"');
    if (sse) parts.push("-H 'Accept: text/event-stream'");
    var content = (op.requestBody && op.requestBody.content) || {};
    if (content["text/plain"]) parts.push("-H 'content-type: text/plain' --data-binary @app.log");
    else if (content["application/json"])
      parts.push("-H 'content-type: application/json' -d " + quote(JSON.stringify(example(content["application/json"].schema, 0))));
    var url = location.origin + path.replace(/\{(\w+)\}/g, function (_, name) { return "$" + name.toUpperCase(); });
    var query = (op.parameters || []).filter(function (p) { return p.in === "query" && p.required; });
    if (query.length) url += "?" + query.map(function (p) { return p.name + "=" + example(p.schema || {}, 0); }).join("&");
    parts.push(url.indexOf("$") >= 0 ? '"' + url + '"' : quote(url));
    return parts.join(" ");
  }

  function operation(method, path, op) {
    var card = el("section", "op");
    card.id = (method + path).replace(/[^A-Za-z0-9]+/g, "-");
    card.setAttribute("data-route", method.toUpperCase() + " " + path);
    add(card, add(el("h3"), el("span", "method " + method, method.toUpperCase()), el("code", "path", path)));
    add(card, el("p", "summary", op.summary || ""));
    var params = op.parameters || [];
    if (params.length) {
      add(card, el("h4", null, "Parameters"));
      var table = el("table", "fields");
      params.forEach(function (p) {
        add(table, add(el("tr"), el("td", "name", p.name + (p.required ? "" : "?")), el("td", "type", p.in + ", " + typeOf(p.schema || {})), el("td", "desc", p.description || (p.schema && p.schema.description) || "")));
      });
      add(card, table);
    }
    if (op.requestBody) {
      add(card, el("h4", null, "Request body"));
      Object.keys(op.requestBody.content).forEach(function (type) {
        add(card, el("div", "media", type), schemaView(op.requestBody.content[type].schema || {}, 0, []));
      });
    }
    add(card, el("h4", null, "Responses"));
    var sse = false;
    Object.keys(op.responses).forEach(function (status) {
      var response = op.responses[status];
      var block = add(el("div", "response"), add(el("div", "status"), el("strong", status[0] === "2" ? "ok" : "problem", status), el("span", null, " " + response.description)));
      Object.keys(response.content || {}).forEach(function (type) {
        if (type === "text/event-stream") sse = true;
        var d = el("details");
        add(d, el("summary", "media", type + ": " + typeOf(response.content[type].schema || {})));
        add(d, schemaView(response.content[type].schema || {}, 0, []));
        add(block, d);
      });
      add(card, block);
    });
    add(card, el("h4", null, "Example"));
    add(card, el("pre", "curl", curl(method, path, op, false)));
    if (sse && op.responses["200"] && op.responses["200"].content["application/json"])
      add(card, el("pre", "curl", curl(method, path, op, true)));
    return card;
  }

  function render() {
    var main = document.getElementById("main");
    var nav = document.getElementById("nav");
    document.title = spec.info.title + " API " + spec.info.version;
    document.getElementById("title").textContent = spec.info.title + " API (version " + spec.info.version + ", OpenAPI " + spec.openapi + ")";
    var tags = (spec.tags || []).map(function (t) { return t.name; });
    var byTag = {};
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        var op = spec.paths[path][method];
        var tag = (op.tags && op.tags[0]) || "other";
        if (tags.indexOf(tag) < 0) tags.push(tag);
        (byTag[tag] = byTag[tag] || []).push([method, path, op]);
      });
    });
    tags.forEach(function (tag) {
      var ops = byTag[tag] || [];
      if (!ops.length) return;
      var info = (spec.tags || []).filter(function (t) { return t.name === tag; })[0];
      var section = add(el("section", "tag"), el("h2", null, tag));
      section.id = "tag-" + tag;
      if (info && info.description) add(section, el("p", null, info.description));
      var links = add(el("div", "navgroup"), el("strong", null, tag));
      ops.forEach(function (o) {
        var card = operation(o[0], o[1], o[2]);
        add(section, card);
        var a = el("a", null, o[0].toUpperCase() + " " + o[1]);
        a.href = "#" + card.id;
        add(links, a);
      });
      add(nav, links);
      add(main, section);
    });
    document.body.setAttribute("data-ready", "true");
  }

  fetch("openapi.json")
    .then(function (res) {
      if (!res.ok) throw new Error("GET /openapi.json answered " + res.status);
      return res.json();
    })
    .then(function (doc) { spec = doc; render(); })
    .catch(function (err) {
      add(document.getElementById("main"), el("p", "error", "Could not show the API: " + err.message));
      document.body.setAttribute("data-ready", "error");
    });
})();
`;
