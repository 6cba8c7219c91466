// The sandbox page: fetches server-rendered fragments and sends gestures back. No build step, no framework.
"use strict";

const state = {
  user: null,
  conversation: null,
  version: null,
  modalRevision: "",
  mainHtml: null,
  follow: false,
  busy: false,
  epoch: 0, // moves on every change of person or conversation; answers to older refreshes are dropped
};

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function restore() {
  const params = new URLSearchParams(location.search);
  state.user = params.get("user") || localStorage.getItem("sandbox.user") || $("#user").value;
  state.conversation = params.get("c") || localStorage.getItem("sandbox.conversation") || "";
  $("#user").value = state.user;
  if ($("#user").value !== state.user) state.user = $("#user").value;
}

function remember() {
  localStorage.setItem("sandbox.user", state.user);
  localStorage.setItem("sandbox.conversation", state.conversation || "");
  const url = new URL(location.href);
  url.searchParams.set("user", state.user);
  url.searchParams.set("c", state.conversation || "");
  history.replaceState(null, "", url);
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  let answer = {};
  try { answer = await response.json(); } catch (_) { /* an empty answer is fine */ }
  if (!response.ok) console.warn(path, response.status, answer);
  return answer;
}

// --- refreshing -----------------------------------------------------------------------------------------------

async function refresh(force = false) {
  const epoch = state.epoch;
  const query = new URLSearchParams({
    user: state.user,
    conversation: state.conversation || "",
    version: force ? "" : String(state.version ?? ""),
  });
  let data;
  try {
    const response = await fetch(`/ui/refresh?${query}`);
    data = await response.json();
  } catch (_) {
    $("#clock-status").textContent = "The sandbox is not answering; is campaignbot still running?";
    return;
  }
  if (epoch !== state.epoch) return;
  $("#clock").innerHTML = data.clock;
  if (!("main" in data)) return;
  state.version = data.version;
  if (state.conversation !== data.conversation) {
    state.conversation = data.conversation;
    remember();
  }
  $("#sidebar").innerHTML = data.sidebar;
  replaceMain(data.main);
  replaceModal(data.modal, data.modal_revision);
  const onHome = data.conversation === "home";
  $("#composer").hidden = onHome;
}

// The message at the top of the list and how far it sits from the list's top edge.
function topMessage(list) {
  const top = list.getBoundingClientRect().top;
  const first = $$("article[data-ts]", list).find((article) => article.getBoundingClientRect().bottom > top);
  return first ? { ts: first.dataset.ts, offset: first.getBoundingClientRect().top - top } : null;
}

function replaceMain(html) {
  const main = $("#main");
  if (html === state.mainHtml) return; // nothing changed here: leave the page, its scroll and its images be
  const list = $(".messages", main);
  // A person scrolled up to read stays where they are; one at the bottom follows new messages. A conversation
  // opened anew starts at its newest message.
  const sameConversation = list && list.dataset.channel === state.conversation;
  const atBottom = !sameConversation || state.follow || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  state.follow = false;
  const anchor = atBottom ? null : topMessage(list);
  const home = $(".home", main);
  const homeValues = captureValues(home);
  const homeScroll = home ? { view: home.dataset.viewId, top: home.scrollTop } : null;
  state.mainHtml = html;
  main.innerHTML = html;
  const freshHome = $(".home", main);
  applyValues(freshHome, homeValues);
  if (freshHome && homeScroll && freshHome.dataset.viewId === homeScroll.view) freshHome.scrollTop = homeScroll.top;
  const fresh = $(".messages", main);
  if (!fresh) return placeholder(main);
  if (atBottom) {
    fresh.scrollTop = fresh.scrollHeight;
    // A picture of unknown size arrives after the text: keep the newest message in view as it loads, unless the
    // reader has scrolled up meanwhile (charts come with their size and move nothing).
    for (const img of $$("img:not([height])", fresh)) {
      if (img.complete) continue;
      img.addEventListener("load", () => {
        if (fresh.scrollHeight - fresh.scrollTop - fresh.clientHeight - img.offsetHeight < 80) {
          fresh.scrollTop = fresh.scrollHeight;
        }
      }, { once: true });
    }
  } else {
    const keep = () => {
      const again = anchor && fresh.querySelector(`article[data-ts="${CSS.escape(anchor.ts)}"]`);
      if (!again) return;
      fresh.scrollTop += again.getBoundingClientRect().top - fresh.getBoundingClientRect().top - anchor.offset;
    };
    keep();
    // A picture of unknown size above the message loads after this and pushes it down: put it back.
    for (const img of $$("img:not([height])", fresh)) {
      if (!img.complete) img.addEventListener("load", keep, { once: true });
    }
  }
  placeholder(main);
}

function placeholder(main) {
  const text = state.conversation && state.conversation.startsWith("C")
    ? `Message ${$(".conversation-header h1", main)?.textContent || ""}` : "Message campaignbot";
  $("#message").placeholder = `${text} — try /campaign help`;
}

function replaceModal(html, revision) {
  const root = $("#modal-root");
  if (revision === state.modalRevision) return;
  const old = $("dialog.modal", root);
  const oldViewId = old?.dataset.viewId;
  const typed = old ? captureValues(old) : null;
  state.modalRevision = revision;
  if (old?.open) old.close();
  root.innerHTML = html || "";
  const dialog = $("dialog.modal", root);
  if (!dialog) return;
  if (typed && oldViewId === dialog.dataset.viewId) applyValues(dialog, typed);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    closeView(dialog.dataset.viewId);
  });
  dialog.showModal();
  const firstError = $(".field-error", dialog);
  const focusTarget = firstError
    ? firstError.closest("[data-input-block]")?.querySelector("input, select, textarea")
    : $(".modal-body input, .modal-body select, .modal-body textarea", dialog);
  focusTarget?.focus();
}

// --- reading what a person entered ------------------------------------------------------------------------------

function elementValue(el) {
  const kind = el.dataset.kind;
  if (el.classList.contains("bk-choices")) {
    const checked = $$("input:checked", el).map((input) => input.value);
    return kind === "radio_buttons" ? (checked[0] ?? null) : checked;
  }
  if (kind === "file_input") return JSON.parse(el.dataset.fileIds || "[]");
  if (el.tagName === "SELECT") {
    const chosen = Array.from(el.selectedOptions).filter((option) => option.value !== "");
    if (kind && kind.startsWith("multi_")) {
      return kind === "multi_external_select" ? chosen.map((option) => option.value) : chosen.map((o) => o.value);
    }
    if (kind === "external_select") {
      return chosen[0] ? { value: chosen[0].value, text: chosen[0].textContent } : null;
    }
    return chosen[0] ? chosen[0].value : null;
  }
  if (kind === "datetimepicker") {
    return el.value ? String(Math.floor(new Date(el.value).getTime() / 1000)) : null;
  }
  return el.value === "" ? null : el.value;
}

function collectState(root) {
  const values = {};
  if (!root) return values;
  for (const el of $$(".bk-el[data-block-id]", root)) {
    const block = el.dataset.blockId;
    values[block] = values[block] || {};
    values[block][el.dataset.actionId] = elementValue(el);
  }
  return values;
}

function captureValues(root) {
  if (!root) return null;
  const typed = {};
  for (const el of $$(".bk-el[data-block-id]", root)) {
    const key = `${el.dataset.blockId}/${el.dataset.actionId}`;
    if (el.classList.contains("bk-choices")) typed[key] = $$("input:checked", el).map((i) => i.value);
    else if (el.tagName === "SELECT") typed[key] = Array.from(el.selectedOptions).map((o) => [o.value, o.textContent]);
    else if (el.type === "file") typed[key] = el.dataset.fileIds || "[]";
    else typed[key] = el.value;
  }
  return typed;
}

function applyValues(root, typed) {
  if (!root || !typed) return;
  for (const el of $$(".bk-el[data-block-id]", root)) {
    const key = `${el.dataset.blockId}/${el.dataset.actionId}`;
    if (!(key in typed)) continue;
    const value = typed[key];
    if (el.classList.contains("bk-choices")) {
      for (const input of $$("input", el)) input.checked = value.includes(input.value);
    } else if (el.tagName === "SELECT") {
      const wanted = new Map(value);
      for (const [optionValue, text] of wanted) {
        if (optionValue && !Array.from(el.options).some((o) => o.value === optionValue)) {
          el.add(new Option(text, optionValue));
        }
      }
      for (const option of el.options) option.selected = wanted.has(option.value);
    } else if (el.type === "file") {
      el.dataset.fileIds = value;
    } else {
      el.value = value;
    }
  }
}

// --- gestures ------------------------------------------------------------------------------------------------------

function where(el) {
  const article = el.closest("article[data-ts]");
  if (article) {
    return { channel: article.dataset.channel, ts: article.dataset.ts, root: article };
  }
  const view = el.closest("[data-view-id]");
  if (view) return { view_id: view.dataset.viewId, root: view };
  return null;
}

async function act(el, value) {
  const place = where(el);
  if (!place) return;
  if (el.dataset.confirm && !(await confirmWith(JSON.parse(el.dataset.confirm)))) return;
  const body = {
    user: state.user, block_id: el.dataset.blockId, action_id: el.dataset.actionId,
    value: value ?? null, state: collectState(place.root),
  };
  if (place.view_id) body.view_id = place.view_id; else Object.assign(body, { channel: place.channel, ts: place.ts });
  el.setAttribute("aria-busy", "true");
  try {
    await post("/ui/action", body);
  } finally {
    el.removeAttribute("aria-busy");
  }
  await refresh(true);
}

function confirmWith(spec) {
  const dialog = $("#confirm-dialog");
  $("#confirm-title").textContent = spec.title || "Are you sure?";
  $("#confirm-text").textContent = spec.text || "";
  $("#confirm-ok").textContent = spec.confirm || "Yes";
  $("#confirm-deny").textContent = spec.deny || "Cancel";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
  });
}

async function closeView(viewId) {
  await post("/ui/close", { user: state.user, view_id: viewId });
  await refresh(true);
}

async function submitView(form) {
  const dialog = form.closest("dialog");
  const submit = $("button[type=submit]", form);
  if (submit) submit.disabled = true;
  try {
    await post("/ui/submit", { user: state.user, view_id: dialog.dataset.viewId, state: collectState(dialog) });
  } finally {
    if (submit) submit.disabled = false;
  }
  await refresh(true);
}

async function openConversation(target) {
  state.epoch += 1;
  state.conversation = target === "dm" ? `D${state.user.slice(1)}` : target;
  remember();
  if (target === "home") await post("/ui/home", { user: state.user, tab: "home" });
  await refresh(true);
  if (target !== "home") $("#message").focus();
}

async function sendMessage() {
  const box = $("#message");
  const text = box.value.trim();
  if (!text || state.busy) return;
  state.busy = true;
  state.follow = true; // what a person sends themselves, they want to see
  box.value = "";
  try {
    await post("/ui/message", { user: state.user, channel: state.conversation, text });
  } finally {
    state.busy = false;
  }
  await refresh(true);
}

async function upload(file, query) {
  const response = await fetch(`/ui/upload?${new URLSearchParams({ user: state.user, name: file.name, ...query })}`, {
    method: "POST", body: file,
  });
  return response.json();
}

async function step(which) {
  const buttons = [$("#next-hour"), $("#next-day")];
  buttons.forEach((b) => { b.disabled = true; });
  $("#clock-status").textContent = "Running the scheduler…";
  try {
    const answer = await post("/ui/clock", { step: which });
    $("#clock-status").textContent = answer.ok
      ? `Ran ${answer.passes} scheduler pass${answer.passes === 1 ? "" : "es"}; ${answer.sent} message${answer.sent === 1 ? "" : "s"} sent.`
      : (answer.error || "The clock could not move.");
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
  await refresh(true);
}

let suggestTimer = null;
async function suggest(search) {
  const select = document.getElementById(search.dataset.suggestFor);
  const place = where(select);
  if (!place?.view_id) return;
  const answer = await post("/ui/suggest", {
    user: state.user, view_id: place.view_id, block_id: select.dataset.blockId,
    action_id: select.dataset.actionId, value: search.value,
  });
  const keep = Array.from(select.selectedOptions).map((o) => [o.value, o.textContent]);
  select.innerHTML = "";
  for (const [value, text] of keep) select.add(new Option(text, value, true, true));
  for (const option of answer.options || []) {
    if (!keep.some(([value]) => value === option.value)) select.add(new Option(option.text, option.value));
  }
  if (!keep.length && select.options.length && !select.multiple) select.selectedIndex = 0;
}

// --- wiring -----------------------------------------------------------------------------------------------------------

document.addEventListener("click", (event) => {
  const target = event.target.closest("button, [role=menuitem]");
  if (!target) return;
  if (target.dataset.open) { event.preventDefault(); openConversation(target.dataset.open); return; }
  if (target.dataset.closeView) { event.preventDefault(); closeView(target.dataset.closeView); return; }
  if (target.classList.contains("overflow-item")) {
    const menu = target.closest("details.overflow");
    menu.open = false;
    act(menu, target.dataset.value);
    return;
  }
  if (target.dataset.kind === "button") {
    event.preventDefault();
    if (target.dataset.url) window.open(target.dataset.url, "_blank", "noopener");
    act(target);
  }
});

document.addEventListener("change", async (event) => {
  const el = event.target;
  if (el.id === "user") {
    state.epoch += 1;
    state.user = el.value;
    state.modalRevision = null;
    remember();
    await refresh(true);
    return;
  }
  if (el.id === "upload") {
    const file = el.files[0];
    el.value = "";
    if (file) {
      await upload(file, { channel: state.conversation, purpose: "share" });
      await refresh(true);
    }
    return;
  }
  const bk = el.closest(".bk-el");
  if (!bk) return;
  if (bk.dataset.kind === "file_input") {
    const ids = [];
    for (const file of el.files) {
      const answer = await upload(file, { purpose: "input" });
      if (answer.file) ids.push(answer.file);
    }
    bk.dataset.fileIds = JSON.stringify(ids);
    return;
  }
  if (bk.dataset.dispatch) act(bk, elementValue(bk));
});

document.addEventListener("input", (event) => {
  if (!event.target.classList.contains("external-search")) return;
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(() => suggest(event.target), 200);
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.id === "composer") { event.preventDefault(); sendMessage(); return; }
  if (form.classList.contains("modal-form")) { event.preventDefault(); submitView(form); }
});

$("#message").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    sendMessage();
  }
});
$("#next-hour").addEventListener("click", () => step("hour"));
$("#next-day").addEventListener("click", () => step("day"));

restore();
refresh(true).then(() => {
  if (state.conversation === "home") post("/ui/home", { user: state.user, tab: "home" }).then(() => refresh(true));
});
setInterval(() => { if (!document.hidden) refresh(false); }, 700);
