// The case checker: a form generated from the case JSON Schema, decided by trustlaw running
// in Pyodide. Every string from a statute, the schema or a case goes into the page through
// textContent or setAttribute, never as HTML.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const $ = (selector) => document.querySelector(selector);
// The assets sit beside this script, wherever the page that loads it lives.
const assets = new URL(".", import.meta.url);
let manifest;
let serial = 0;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function status(text, state) {
  $("#status").textContent = text;
  document.body.dataset.state = state;
}

// ---- the form, generated from the schema -------------------------------------------------
// Each generator returns {node, get, set}: get() is the fact's value, or undefined when unknown.

function resolve(schema) {
  let s = schema;
  for (;;) {
    if (s.anyOf) s = s.anyOf.find((option) => option.type !== "null");
    else if (s.$ref) s = manifest.schema.$defs[s.$ref.split("/").pop()];
    else break;
  }
  return { ...s, description: schema.description ?? s.description };
}

function kindOf(s) {
  if (s.enum) return "enum";
  return [].concat(s.type ?? []).filter((t) => t !== "null")[0];
}

// Each value of a kind of fact as [value, words, description]: its words are the schema's
// short title (an offense tag: "California serious felony (Cal. Penal Code § 1192.7(c))")
// or else its meaning; the description says all the vocabulary says of it. The value
// itself is what the case (and so the decision) gets.
function choicesOf(s) {
  const options = new Map((s.oneOf ?? []).map((option) => [option.const, option]));
  return s.enum.map((value) => {
    const option = options.get(value) ?? {};
    const description = option.description ?? "";
    return [value, option.title ?? description, description];
  });
}

// `subject`: what the facts of the record are said of ("The conviction"; "" for the
// case's own), which a yes/no fact's choices begin with
function field(name, schema, subject = "") {
  const s = resolve(schema);
  const kind = kindOf(s);
  if (kind === "object") return record(name, s, false);
  if (kind === "array") {
    const items = resolve(s.items);
    return kindOf(items) === "object" ? recordList(name, s, items) : enumList(name, s, items);
  }
  if (kind === "enum") {  // each value by what it means, then as the case writes it
    return choice(name, s, choicesOf(s).map(([v, w]) => [v, w ? `${w} (${v})` : v]));
  }
  if (kind === "boolean") {
    // each choice as a sentence, in the vocabulary's words for true and for false: "The
    // conviction was set aside" / "The conviction still stands", where "no: still stands"
    // answered a label that asks whether the judgment was vacated
    const reads = s["x-trustlaw-reads"];
    const said = (words) => (subject ? `${subject} ${words}`
      : words.charAt(0).toUpperCase() + words.slice(1));
    return choice(name, s, [[true, reads ? said(reads.true) : "yes"],
                            [false, reads ? said(reads.false) : "no"]]);
  }
  return typed(name, s, kind === "integer" ? "number" : s.format === "date" ? "date" : "text");
}

// A fact is labelled by what it is, in the vocabulary's words ("Who holds the person");
// its name in the case (`agency`), which the JSON and the explanation use, follows in
// small type. A fact the vocabulary does not describe is labelled by its name.
function words(name, s) {
  return s.description || name;
}

function factKey(name, s) {
  return s.description ? [el("code", { class: "fact-key", text: name })] : [];
}

function fact(name, s, control, id) {
  const text = words(name, s);
  const label = id ? el("label", { for: id, text }) : el("span", { class: "fact-name", text });
  const node = el("div", { class: "fact" }, label, ...factKey(name, s));
  node.append(control);
  return node;
}

function unknownBox(name, onChange) {
  // named after its fact: a screen reader says "Date of the judgment unknown", not a
  // bare "unknown"
  const box = el("input", { type: "checkbox", "aria-label": `${name} unknown` });
  box.checked = true;
  box.addEventListener("change", onChange);
  return box;
}

function choice(name, s, options) {
  const id = `f${++serial}`;
  const select = el("select", { id }, el("option", { value: "", text: "unknown" }));
  options.forEach(([, text], index) => select.append(el("option", { value: String(index), text })));
  return {
    node: fact(name, s, select, id),
    get: () => (select.value === "" ? undefined : options[Number(select.value)][0]),
    set: (value) => {
      const index = options.findIndex(([v]) => v === value);
      select.value = index < 0 ? "" : String(index);
    },
  };
}

function typed(name, s, type) {
  const id = `f${++serial}`;
  const input = el("input", { id, type });
  const unknown = unknownBox(words(name, s), () => { input.disabled = unknown.checked; });
  input.disabled = true;
  const control = el("span", { class: "choices" }, input, el("label", {}, unknown, " unknown"));
  return {
    node: fact(name, s, control, id),
    get: () => {
      if (unknown.checked || input.value === "") return undefined;
      return type === "number" ? Number(input.value) : input.value;
    },
    set: (value) => {
      unknown.checked = value === undefined || value === null;
      input.disabled = unknown.checked;
      input.value = unknown.checked ? "" : String(value);
    },
  };
}

// A list of values (an offense's tags, what a request asks for): a box for each, labelled
// by its words with the value as the case writes it after them in small type, as a
// fact's name follows its words; the full description shows on hover.
function enumList(name, s, items) {
  const boxes = choicesOf(items).map(([value, text, description]) => {
    const box = el("input", { type: "checkbox" });
    box.disabled = true;
    const key = text ? [" ", el("code", { class: "fact-key", text: value })] : [];
    const label = el("label", description ? { title: description } : {}, box, ` ${text || value}`,
      ...key);
    return [value, box, label];
  });
  const unknown = unknownBox(words(name, s),
    () => boxes.forEach(([, box]) => { box.disabled = unknown.checked; }));
  const control = el("div", { class: "choices", role: "group", "aria-label": words(name, s) },
    el("label", {}, unknown, " unknown"), ...boxes.map(([, , label]) => label));
  return {
    node: fact(name, s, control),
    get: () => (unknown.checked ? undefined : boxes.filter(([, b]) => b.checked).map(([v]) => v)),
    set: (value) => {
      unknown.checked = !Array.isArray(value);
      for (const [v, box] of boxes) {
        box.checked = !unknown.checked && value.includes(v);
        box.disabled = unknown.checked;
      }
    },
  };
}

const CASE_HELP = "A fact marked unknown is never guessed: an outcome that turns on it is " +
  "undetermined. For a list (convictions, charges, warrants), choose \"known\" and add none " +
  "to say there are none.";

// A group of facts (the request, the person, one conviction) is headed in words too; the
// whole case (`titled`) by its own title, its description the help below it.
function record(name, s, keepEmpty, titled = false) {
  // the case's own identifier, which decides nothing, last: a lawyer began the form on it
  const entries = Object.entries(s.properties);
  if (titled) entries.sort(([a], [b]) => (a === "id") - (b === "id"));
  const subject = titled ? "" : `The ${s.title ?? name}`;
  const fields = entries.map(([key, sub]) => [key, field(key, sub, subject)]);
  const legend = titled ? el("legend", { text: name })
    : el("legend", {}, words(name, s), ...factKey(name, s).flatMap((key) => [" ", key]));
  const node = el("fieldset", { class: "record" }, legend);
  // the whole case's help in the form's terms: the schema's ("a field that is absent or
  // null", "ISO 8601") speaks to a programmer writing JSON
  if (titled) node.append(el("span", { class: "fact-help", text: CASE_HELP }));
  fields.forEach(([, f]) => node.append(f.node));
  return {
    node,
    get: () => {
      const value = {};
      for (const [key, f] of fields) {
        const v = f.get();
        if (v !== undefined) value[key] = v;
      }
      return keepEmpty || Object.keys(value).length ? value : undefined;
    },
    set: (value) => {
      const given = value && typeof value === "object" ? value : {};
      for (const [key, f] of fields) f.set(given[key]);
    },
  };
}

function recordList(name, s, items) {
  const id = `f${++serial}`;
  const mode = el("select", { id },
    el("option", { value: "", text: "unknown" }),
    el("option", { value: "list", text: "known: the list below (empty means none)" }));
  const list = el("ol", { class: "records" });
  const add = el("button", { type: "button", text: `Add a ${items.title ?? "record"}` });
  let entries = [];
  const show = () => { list.hidden = add.hidden = mode.value === ""; };
  function addEntry(value) {
    const entry = record(items.title ?? name, items, true);
    const remove = el("button", { type: "button", text: "Remove" });
    const row = el("li", {}, entry.node);
    entry.node.append(remove);
    remove.addEventListener("click", () => { entries = entries.filter((e) => e !== entry); row.remove(); });
    entries.push(entry);
    list.append(row);
    entry.set(value);
  }
  mode.addEventListener("change", show);
  add.addEventListener("click", () => addEntry(undefined));
  show();
  return {
    node: fact(name, s, el("div", {}, mode, list, add), id),
    get: () => (mode.value === "" ? undefined : entries.map((e) => e.get())),
    set: (value) => {
      entries = [];
      list.replaceChildren();
      mode.value = Array.isArray(value) ? "list" : "";
      if (Array.isArray(value)) value.forEach(addEntry);
      show();
    },
  };
}

function fillStatutes(select) {
  const jurisdictions = [...new Set(manifest.statutes.map((s) => s.jurisdiction))];
  for (const jurisdiction of jurisdictions) {
    const versions = manifest.statutes.filter((s) => s.jurisdiction === jurisdiction);
    const group = el("optgroup", { label: jurisdiction });
    if (versions.some((s) => s.in_force)) {
      group.append(el("option", { value: jurisdiction, text: `${jurisdiction}: the law in force on a day` }));
    }
    for (const s of versions) {
      const dates = s.in_force ? ` (in force ${s.in_force}${s.superseded ? ` to ${s.superseded}` : ""})` : ` (${s.status})`;
      group.append(el("option", { value: s.id, text: `${s.id}: ${s.title}${dates}` }));
    }
    select.append(group);
  }
}

// ---- the case in the URL -------------------------------------------------------------------

function encodeCase(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCase(text) {
  let base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  while (base64.length % 4) base64 += "=";
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

function linkTo(request) {
  const url = new URL(location.href);
  url.search = "";
  url.searchParams.set("statute", request.statute);
  if (request.on) url.searchParams.set("on", request.on);
  url.searchParams.set("case", encodeCase(request.case));
  if (request.release_at) url.searchParams.set("release", request.release_at);
  return url;
}

// ---- output -------------------------------------------------------------------------------

function showError(text) {
  $("#result").hidden = true;
  $("#error").hidden = false;
  $("#error").textContent = text;
  status("The case could not be decided.", "error");
}

function showDecision(result, request) {
  $("#error").hidden = true;
  $("#result").hidden = false;
  const { statute, outcomes, decision, deadline, words } = result;
  $("#result-statute").textContent = `Under ${statute.id}: ${statute.title} (${statute.citation})`;
  const list = $("#outcomes");
  list.replaceChildren();
  for (const [kind, value] of Object.entries(outcomes)) {
    const dd = el("dd", { text: value });
    dd.setAttribute("data-outcome", kind);
    // the action in words ("Keeping the person past release"), its name in small type
    const said = (result.actions ?? {})[kind];
    const dt = said ? el("dt", {}, said, " ", el("code", { class: "fact-key", text: kind }))
      : el("dt", { text: kind });
    list.append(dt, dd);
  }
  const line = $("#deadline");
  line.removeAttribute("data-deadline");
  if (!deadline) line.textContent = "Give a release time to see when a hold must end.";
  else if (deadline.deadline) {
    // the limit and the moments in words (Python's), with the weekday the clock turns on
    line.textContent = `Released ${words.release_at}: the hold must end by ${words.deadline} ` +
      `(at most ${words.limit}).`;
    line.setAttribute("data-deadline", deadline.deadline);
  } else if (outcomes.hold === "prohibited") line.textContent = "No hold may happen, so there is no deadline.";
  else line.textContent = "This law sets no time limit that applies to this hold.";
  $("#explanation").textContent = result.explanation;
  $("#decision-json").textContent = JSON.stringify(decision, null, 2);
  $("#share").setAttribute("href", linkTo(request).href);
  status("Decided.", "decided");
}

// ---- start --------------------------------------------------------------------------------

async function startPython() {
  status(`Loading Python (Pyodide ${manifest.pyodide})…`, "loading");
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", assets).href });
  status("Installing trustlaw…", "loading");
  await pyodide.loadPackage(new URL(manifest.micropip, assets).href);
  const micropip = pyodide.pyimport("micropip");
  const wheels = pyodide.toPy(manifest.wheels.map((wheel) => new URL(wheel, assets).href));
  await micropip.install.callKwargs(wheels, { deps: false });
  return pyodide.runPython("from trustlaw.site.browser import decide_json\ndecide_json");
}

async function main() {
  manifest = await (await fetch(new URL("checker.json", assets))).json();
  const statute = $("#statute");
  fillStatutes(statute);
  const facts = record("The facts", manifest.schema, true, true);
  $("#facts").append(facts.node);

  const formRequest = () => ({
    statute: statute.value,
    on: statute.value.includes("/") ? null : $("#on").value || null,
    case: facts.get(),
    release_at: $("#release-at").value || null,
  });

  const params = new URLSearchParams(location.search);
  let fromUrl = null;
  if (params.has("case") || params.has("statute")) {
    try {
      fromUrl = {
        statute: params.get("statute") ?? statute.value,
        on: params.get("on"),
        case: params.has("case") ? decodeCase(params.get("case")) : {},
        release_at: params.get("release"),
      };
    } catch {
      showError("The case in this link is not URL-safe base64 of a JSON case.");
    }
  }
  if (fromUrl) {
    statute.value = fromUrl.statute;
    $("#on").value = fromUrl.on ?? "";
    $("#release-at").value = fromUrl.release_at ?? "";
    facts.set(fromUrl.case);
  }

  const decideJson = await startPython();
  const decide = async (request) => {
    status("Deciding…", "deciding");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const result = JSON.parse(decideJson(JSON.stringify(request)));
    if (result.ok) showDecision(result, request);
    else showError(result.error);
  };
  $("#checker").addEventListener("submit", async (event) => {
    event.preventDefault();
    const request = formRequest();
    history.replaceState(null, "", linkTo(request));
    await decide(request);
    ($("#error").hidden ? $("#result") : $("#error")).scrollIntoView();
  });
  $("#decide").disabled = false;
  status("Ready: fill in the facts and press Decide.", "ready");
  // a link with a case decides it; a link that only names a law (a statute page's "check
  // a case under this law") chooses it and waits for the facts
  if (fromUrl && params.has("case")) await decide(fromUrl);
}

main().catch((error) => {
  $("#error").hidden = false;
  $("#error").textContent = `The checker could not start: ${error}`;
  status("The checker could not start.", "failed");
});
