/*
 * Embeddable chat widget of the account-sale legal risk assistant.
 *
 * A law firm's website embeds it with one tag:
 *   <script src="https://ASSISTANT-HOST/webhooks/webchat/widget.js"
 *           data-title="…" data-color="#1f4e79"></script>
 *
 * - Talks to the assistant's REST channel on the host the script came from:
 *   POST /webhooks/rest/webhook, POST /webhooks/rest/delete, GET /webhooks/rest/history.
 * - Everything lives in a shadow root, so the page's styles and the widget's do not mix.
 * - Message text is only ever put into the page with textContent / text nodes:
 *   no HTML from a message is ever parsed.
 * - No external resources (fonts, CDNs) are loaded.
 */
(function () {
  "use strict";
  if (window.__legalChatWidgetLoaded) { return; }
  window.__legalChatWidgetLoaded = true;

  // Replaced by the server (bot/webchat_channel.py) with the law names used in citations,
  // the retention period and the firm's name.
  var SERVER = /*WEBCHAT_CONFIG*/{}/*WEBCHAT_CONFIG_END*/;

  var PATH = "/webhooks/webchat/widget.js";
  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src]");
    for (var i = all.length - 1; i >= 0; i--) {
      if (all[i].src.indexOf(PATH) !== -1) { return all[i]; }
    }
    return null;
  })();
  var scriptSrc = script ? script.src : "";
  var BASE = scriptSrc.indexOf(PATH) !== -1 ? scriptSrc.slice(0, scriptSrc.indexOf(PATH)) : "";
  var TITLE = (script && script.getAttribute("data-title")) || "账号交易法律风险咨询";
  var COLOR = validColor(script && script.getAttribute("data-color")) || "#1f5fa8";
  var FIRM = SERVER.firm || "律所";
  var RETENTION_DAYS = SERVER.retentionDays || 30;
  var LAWS = SERVER.laws || {};

  var KEY = "legalchat:" + BASE + ":";
  var SENDER_KEY = KEY + "sender";
  var CONSENT_KEY = KEY + "consent";
  var OPEN_KEY = KEY + "open";
  var CONSENT_VERSION = "v1";
  var RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000];
  var REQUEST_TIMEOUT = 120000;
  var LEVELS = {
    "\uD83D\uDD34": { cls: "high", word: "高风险", short: "高" },   // 🔴
    "\uD83D\uDFE0": { cls: "medium", word: "中风险", short: "中" }, // 🟠
    "\uD83D\uDFE2": { cls: "low", word: "低风险", short: "低" }     // 🟢
  };
  var LEVEL_WORDS = { "高风险": "high", "中风险": "medium", "低风险": "low" };
  var CN_DIGITS = { "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };

  // --- small helpers ------------------------------------------------------------------

  function validColor(value) {
    if (!value || value.length > 64) { return null; }
    if (window.CSS && CSS.supports && CSS.supports("color", value)) { return value; }
    return null;
  }

  // Text colour (dark or white) that reads well on the accent colour.
  function contrastText(color) {
    var probe = document.createElement("span");
    probe.style.color = color;
    probe.style.display = "none";
    (document.body || document.documentElement).appendChild(probe);
    var rgb = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || [0, 0, 0];
    probe.parentNode.removeChild(probe);
    var lum = [0, 1, 2].map(function (i) {
      var c = Number(rgb[i]) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return l > 0.35 ? "#111111" : "#ffffff";
  }

  var memoryStore = {};
  var store = {
    get: function (key, session) {
      try { return (session ? sessionStorage : localStorage).getItem(key); }
      catch (e) { return Object.prototype.hasOwnProperty.call(memoryStore, key) ? memoryStore[key] : null; }
    },
    set: function (key, value, session) {
      try { (session ? sessionStorage : localStorage).setItem(key, value); }
      catch (e) { memoryStore[key] = value; }
    },
    remove: function (key, session) {
      try { (session ? sessionStorage : localStorage).removeItem(key); } catch (e) { /* ignore */ }
      delete memoryStore[key];
    }
  };

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function senderId(create) {
    var id = store.get(SENDER_KEY);
    if (!id && create) {
      id = "web-" + uuid();
      store.set(SENDER_KEY, id);
    }
    return id;
  }

  function consented() {
    return (store.get(CONSENT_KEY) || "").indexOf(CONSENT_VERSION + ":") === 0;
  }

  var idCounter = 0;
  function nextId(prefix) { idCounter += 1; return "lc-" + prefix + "-" + idCounter; }

  // h("div", {class: "x", "aria-label": "…"}, [children]): builds DOM without any HTML parsing.
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) { return; }
        if (name === "text") { el.textContent = value; }
        else if (name.slice(0, 2) === "on") { el.addEventListener(name.slice(2), value); }
        else { el.setAttribute(name, value === true ? "" : String(value)); }
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function svg(paths) {
    var ns = "http://www.w3.org/2000/svg";
    var el = document.createElementNS(ns, "svg");
    el.setAttribute("viewBox", "0 0 24 24");
    el.setAttribute("width", "26");
    el.setAttribute("height", "26");
    el.setAttribute("aria-hidden", "true");
    el.setAttribute("focusable", "false");
    paths.forEach(function (d) {
      var p = document.createElementNS(ns, "path");
      p.setAttribute("d", d);
      p.setAttribute("fill", "currentColor");
      el.appendChild(p);
    });
    return el;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function timeLabel(date) {
    var now = new Date();
    var hm = pad(date.getHours()) + ":" + pad(date.getMinutes());
    if (date.toDateString() === now.toDateString()) { return hm; }
    var day = (date.getMonth() + 1) + "月" + date.getDate() + "日 " + hm;
    return date.getFullYear() === now.getFullYear() ? day : date.getFullYear() + "年" + day;
  }

  function sleep(ms, wake) {
    return new Promise(function (resolve) {
      var timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); wake.splice(wake.indexOf(done) >>> 0, 1); resolve(); }
      wake.push(done);
    });
  }

  // --- citations ----------------------------------------------------------------------

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  var CITATION = (function () {
    var names = Object.keys(LAWS).sort(function (a, b) { return b.length - a.length; });
    if (!names.length) { return null; }
    return new RegExp("(" + names.map(escapeRegExp).join("|") + ")第(\\d{1,4})条(?:之([一二三四五六七八九]))?", "g");
  })();

  function citationId(law, number, sub) {
    return LAWS[law] + ":" + number + (sub ? "-" + CN_DIGITS[sub] : "");
  }

  // --- styles -------------------------------------------------------------------------

  var CSS_TEXT = [
    ":host{all:initial;}",
    "*,*::before,*::after{box-sizing:border-box;}",
    ".lc-root{--lc-accent:#1f5fa8;--lc-on-accent:#fff;font-family:-apple-system,BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei','Segoe UI',Roboto,sans-serif;",
    "font-size:15px;line-height:1.55;color:#1d2330;-webkit-text-size-adjust:100%;}",
    "button,textarea{font:inherit;color:inherit;}",
    ":focus-visible{outline:3px solid #ffbf47;outline-offset:2px;}",
    ".lc-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;",
    "background:var(--lc-accent);color:var(--lc-on-accent);box-shadow:0 6px 20px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;}",
    ".lc-launcher:hover{filter:brightness(1.08);}",
    ".lc-launcher[aria-expanded=true] .lc-icon-open{display:none;}",
    ".lc-launcher[aria-expanded=false] .lc-icon-close{display:none;}",
    ".lc-panel{position:fixed;right:20px;bottom:92px;z-index:2147483001;width:390px;height:min(640px,calc(100vh - 112px));",
    "background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden;}",
    ".lc-panel[hidden]{display:none;}",
    "@media (max-width:480px),(max-height:520px){.lc-panel{inset:0;right:0;bottom:0;width:100%;height:100%;max-height:100dvh;border-radius:0;}",
    ".lc-root.lc-open .lc-launcher{display:none;}}",
    ".lc-header{display:flex;align-items:center;gap:6px;padding:10px 8px 10px 14px;background:var(--lc-accent);color:var(--lc-on-accent);flex:none;}",
    ".lc-title{flex:1;min-width:0;margin:0;font-size:16px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;}",
    ".lc-head-btn{border:1px solid currentColor;background:transparent;color:inherit;border-radius:6px;padding:3px 8px;font-size:13px;cursor:pointer;white-space:nowrap;}",
    ".lc-close{border:0;background:transparent;color:inherit;width:36px;height:36px;border-radius:6px;cursor:pointer;display:flex;align-items:center;justify-content:center;}",
    ".lc-head-btn:hover,.lc-close:hover{background:rgba(255,255,255,.18);}",
    ".lc-confirm{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:10px 14px;background:#fff4e5;border-bottom:1px solid #f0d2a8;font-size:14px;flex:none;}",
    ".lc-confirm[hidden],.lc-banner[hidden],.lc-typing[hidden],.lc-consent[hidden],.lc-chat[hidden]{display:none;}",
    ".lc-confirm p{margin:0;flex:1 1 100%;}",
    ".lc-btn{border:1px solid var(--lc-accent);background:var(--lc-accent);color:var(--lc-on-accent);border-radius:8px;padding:7px 14px;cursor:pointer;font-size:14px;}",
    ".lc-btn-plain{background:#fff;color:#1d2330;border-color:#b8bfcc;}",
    ".lc-btn-danger{background:#b3261e;border-color:#b3261e;color:#fff;}",
    ".lc-consent{flex:1;overflow:auto;padding:16px 18px;}",
    ".lc-consent h3{margin:0 0 8px;font-size:17px;}",
    ".lc-consent ul{margin:8px 0 14px;padding-left:20px;}",
    ".lc-consent li{margin:6px 0;}",
    ".lc-consent .lc-actions{display:flex;gap:10px;flex-wrap:wrap;}",
    ".lc-chat{flex:1;min-height:0;display:flex;flex-direction:column;}",
    ".lc-log{position:relative;flex:1;min-height:0;overflow-y:auto;padding:12px 12px 4px;background:#f4f6f9;overscroll-behavior:contain;}",
    ".lc-msg{display:flex;flex-direction:column;margin:0 0 12px;max-width:92%;}",
    ".lc-msg.lc-user{margin-left:auto;align-items:flex-end;}",
    ".lc-bubble{white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere;padding:9px 12px;border-radius:12px;background:#fff;border:1px solid #e1e5ec;}",
    ".lc-user .lc-bubble{background:var(--lc-accent);color:var(--lc-on-accent);border-color:transparent;}",
    ".lc-local .lc-bubble{background:#eef3fb;}",
    ".lc-time{font-size:11px;color:#5d6675;margin-top:3px;}",
    ".lc-failed{font-size:12px;color:#b3261e;margin-top:3px;display:flex;gap:8px;align-items:center;}",
    ".lc-failed button{border:0;background:none;color:#b3261e;text-decoration:underline;cursor:pointer;padding:0;font-size:12px;}",
    ".lc-chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px;}",
    ".lc-chip{border:1px solid var(--lc-accent);background:#fff;color:#1d2330;border-radius:16px;padding:5px 12px;font-size:14px;cursor:pointer;text-align:left;}",
    ".lc-chip:hover:not(:disabled){background:#eef3fb;}",
    ".lc-chip:disabled{opacity:.55;cursor:default;border-color:#b8bfcc;}",
    ".lc-overall{display:flex;align-items:center;gap:8px;flex-wrap:wrap;font-weight:600;margin:0 0 4px;}",
    ".lc-badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:13px;font-weight:700;color:#fff;line-height:1.6;vertical-align:1px;}",
    ".lc-badge-sm{padding:0 6px;font-size:12px;margin-right:4px;}",
    ".lc-level-high{background:#c62828;}",
    ".lc-level-medium{background:#b85c00;}",
    ".lc-level-low{background:#2e7d32;}",
    ".lc-assessment{border-left:5px solid #8a94a6;}",
    ".lc-assessment.lc-is-high{border-left-color:#c62828;}",
    ".lc-assessment.lc-is-medium{border-left-color:#b85c00;}",
    ".lc-assessment.lc-is-low{border-left-color:#2e7d32;}",
    ".lc-cite{border:0;border-bottom:1px dashed currentColor;background:none;padding:0;margin:0;color:#174ea6;cursor:pointer;font:inherit;line-height:inherit;}",
    ".lc-cite[aria-expanded=true]{background:#e3ecfa;}",
    ".lc-article{white-space:pre-wrap;margin-top:6px;padding:9px 12px;border-radius:10px;background:#fffdf3;border:1px solid #eadfb0;font-size:14px;}",
    ".lc-article[hidden]{display:none;}",
    ".lc-link{color:#174ea6;text-decoration:underline;word-break:break-all;}",
    ".lc-article-title{font-weight:600;}",
    ".lc-typing{padding:4px 14px 6px;font-size:13px;color:#5d6675;background:#f4f6f9;flex:none;}",
    ".lc-dots span{display:inline-block;width:6px;height:6px;margin-right:3px;border-radius:50%;background:#8a94a6;animation:lc-blink 1.2s infinite both;}",
    ".lc-dots span:nth-child(2){animation-delay:.2s;}.lc-dots span:nth-child(3){animation-delay:.4s;}",
    "@keyframes lc-blink{0%,80%,100%{opacity:.25;}40%{opacity:1;}}",
    "@media (prefers-reduced-motion:reduce){.lc-dots span{animation:none;}}",
    ".lc-banner{display:flex;gap:8px;align-items:center;flex-wrap:wrap;padding:8px 14px;font-size:13px;background:#fdecea;color:#7a1c16;border-top:1px solid #f3c1bc;flex:none;}",
    ".lc-banner button{border:0;background:none;color:inherit;text-decoration:underline;cursor:pointer;padding:0;font-size:13px;}",
    ".lc-form{display:flex;gap:8px;align-items:flex-end;padding:10px 10px 6px;border-top:1px solid #e1e5ec;background:#fff;flex:none;}",
    ".lc-input{flex:1;min-width:0;resize:none;border:1px solid #b8bfcc;border-radius:10px;padding:8px 10px;max-height:120px;min-height:40px;line-height:1.4;background:#fff;}",
    ".lc-input:focus-visible{outline:3px solid #ffbf47;outline-offset:0;border-color:var(--lc-accent);}",
    ".lc-send{flex:none;height:40px;}",
    ".lc-foot{font-size:11px;color:#5d6675;padding:0 12px 8px;background:#fff;flex:none;}",
    ".lc-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;}"
  ].join("\n");

  // --- the widget ---------------------------------------------------------------------

  function Widget() {
    this.queue = Promise.resolve();
    this.pending = 0;
    this.wake = [];
    this.historyLoaded = false;
    this.articleCache = {};
    this.build();
  }

  Widget.prototype.build = function () {
    var self = this;
    var host = document.createElement("legal-chat-widget");
    host.style.setProperty("all", "initial", "important");
    host.style.setProperty("display", "block", "important");
    this.host = host;
    var shadow = host.attachShadow({ mode: "open" });
    this.shadow = shadow;
    var supportsAdopted = "adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype;
    if (supportsAdopted) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS_TEXT);
      shadow.adoptedStyleSheets = [sheet];
    } else {
      shadow.appendChild(h("style", { text: CSS_TEXT }));
    }

    var panelId = nextId("panel");
    var titleId = nextId("title");
    var root = h("div", { class: "lc-root" });
    root.style.setProperty("--lc-accent", COLOR);
    root.style.setProperty("--lc-on-accent", contrastText(COLOR));
    this.root = root;

    this.launcher = h("button", {
      type: "button", class: "lc-launcher", "aria-expanded": "false", "aria-controls": panelId,
      "aria-label": "打开在线咨询：" + TITLE, onclick: function () { self.toggle(); }
    }, [
      h("span", { class: "lc-icon-open" }, [svg(["M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h10V9H7zm0 4v2h7v-2H7z"])]),
      h("span", { class: "lc-icon-close" }, [svg(["M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"])])
    ]);

    this.deleteButton = h("button", {
      type: "button", class: "lc-head-btn", onclick: function () { self.askDelete(); }
    }, ["删除我的对话"]);
    this.closeButton = h("button", {
      type: "button", class: "lc-close", "aria-label": "关闭对话窗口", onclick: function () { self.close(); }
    }, [svg(["M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"])]);
    var header = h("div", { class: "lc-header" }, [
      h("h2", { class: "lc-title", id: titleId, text: TITLE }), this.deleteButton, this.closeButton
    ]);

    this.confirmYes = h("button", { type: "button", class: "lc-btn lc-btn-danger", onclick: function () { self.deleteConversation(); } }, ["确定删除"]);
    this.confirmBar = h("div", { class: "lc-confirm", role: "group", "aria-label": "确认删除对话", hidden: true }, [
      h("p", { text: "删除后，服务器上本次对话的全部记录将被清除，无法恢复。确定删除吗？" }),
      this.confirmYes,
      h("button", { type: "button", class: "lc-btn lc-btn-plain", onclick: function () { self.cancelDelete(); } }, ["取消"])
    ]);

    this.consentView = this.buildConsent();

    this.log = h("div", { class: "lc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": "对话记录", tabindex: "0" });
    this.typing = h("div", { class: "lc-typing", role: "status", hidden: true }, [
      h("span", { class: "lc-dots", "aria-hidden": "true" }, [h("span"), h("span"), h("span")]),
      " 助手正在输入…"
    ]);
    this.bannerText = h("span");
    this.bannerButton = h("button", { type: "button", onclick: function () { self.retryNow(); } }, ["立即重试"]);
    this.banner = h("div", { class: "lc-banner", role: "alert", hidden: true }, [this.bannerText, this.bannerButton]);
    this.input = h("textarea", {
      class: "lc-input", rows: "1", "aria-label": "输入您的问题", maxlength: "2000",
      placeholder: "输入您的问题，按 Enter 发送", enterkeyhint: "send"
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        self.submit();
      }
    });
    this.input.addEventListener("input", function () { self.autoGrow(); });
    this.sendButton = h("button", { type: "submit", class: "lc-btn lc-send" }, ["发送"]);
    var form = h("form", { class: "lc-form", "aria-label": "发送消息" }, [this.input, this.sendButton]);
    form.addEventListener("submit", function (event) { event.preventDefault(); self.submit(); });
    this.chatView = h("div", { class: "lc-chat", hidden: true }, [
      this.log, this.typing, this.banner, form,
      h("div", { class: "lc-foot", text: "提供一般性法律风险信息，不构成法律意见。请勿发送身份证号、手机号等敏感信息。" })
    ]);

    this.panel = h("section", { class: "lc-panel", id: panelId, role: "dialog", "aria-labelledby": titleId, hidden: true }, [
      header, this.confirmBar, this.consentView, this.chatView
    ]);
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !self.panel.hidden) {
        event.stopPropagation();
        if (!self.confirmBar.hidden) { self.cancelDelete(); } else { self.close(); }
      }
    });

    root.appendChild(this.panel);
    root.appendChild(this.launcher);
    shadow.appendChild(root);
    document.body.appendChild(host);

    window.addEventListener("online", function () { self.retryNow(); });
    window.addEventListener("storage", function (event) {
      if (event.key === SENDER_KEY || event.key === CONSENT_KEY || event.key === null) { self.reset(); }
    });
    if (store.get(OPEN_KEY, true) === "1") { this.open(false); }
  };

  Widget.prototype.buildConsent = function () {
    var self = this;
    this.acceptButton = h("button", { type: "button", class: "lc-btn", onclick: function () { self.accept(); } }, ["同意并开始"]);
    var headingId = nextId("consent");
    return h("div", { class: "lc-consent", role: "region", "aria-labelledby": headingId, hidden: true }, [
      h("h3", { id: headingId, tabindex: "-1", text: "开始前，请了解我们如何处理您的信息" }),
      h("ul", null, [
        h("li", { text: "保存什么：您在这里发送的消息和助手的回复，保存在" + FIRM + "的服务器上，用于刷新页面或下次回来时继续对话。本浏览器只保存一个随机的会话编号。" }),
        h("li", { text: "自动遮盖：身份证号、手机号、银行卡号和邮箱在保存前会被自动遮盖（例如显示为“[手机号已隐藏]”）。" }),
        h("li", { text: "保存期限：对话在最后一条消息后保存 " + RETENTION_DAYS + " 天，到期自动删除。" }),
        h("li", { text: "随时删除：点击上方的“删除我的对话”，服务器上的记录会立即删除。" }),
        h("li", { text: "这里提供的是一般性法律风险信息，不是法律意见；需要时可以联系律师。" })
      ]),
      h("div", { class: "lc-actions" }, [
        this.acceptButton,
        h("button", { type: "button", class: "lc-btn lc-btn-plain", onclick: function () { self.close(); } }, ["暂不使用"])
      ])
    ]);
  };

  // --- open / close / consent -----------------------------------------------------------

  Widget.prototype.toggle = function () {
    if (this.panel.hidden) { this.open(true); } else { this.close(); }
  };

  Widget.prototype.open = function (focus) {
    this.panel.hidden = false;
    this.root.classList.add("lc-open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.setAttribute("aria-label", "关闭在线咨询");
    store.set(OPEN_KEY, "1", true);
    this.showView();
    if (focus) {
      if (consented()) { this.input.focus(); } else { this.acceptButton.focus(); }
    }
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.confirmBar.hidden = true;
    this.root.classList.remove("lc-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.setAttribute("aria-label", "打开在线咨询：" + TITLE);
    store.remove(OPEN_KEY, true);
    this.launcher.focus();
  };

  Widget.prototype.showView = function () {
    var ok = consented();
    this.consentView.hidden = ok;
    this.chatView.hidden = !ok;
    this.deleteButton.hidden = !ok;
    if (ok && !this.historyLoaded) {
      this.historyLoaded = true;
      this.loadHistory();
    }
  };

  Widget.prototype.accept = function () {
    store.set(CONSENT_KEY, CONSENT_VERSION + ":" + new Date().toISOString());
    senderId(true);
    this.showView();
    this.input.focus();
  };

  // Another tab deleted the conversation or withdrew consent: start over.
  Widget.prototype.reset = function () {
    this.log.textContent = "";
    this.historyLoaded = false;
    if (!this.panel.hidden) { this.showView(); }
  };

  // --- messages -------------------------------------------------------------------------

  // Adds a message at the end of the log, or before `before` (history under newer messages).
  Widget.prototype.appendMessage = function (message, before) {
    var role = message.role === "user" ? "user" : "bot";
    var when = message.timestamp ? new Date(message.timestamp * 1000) : new Date();
    var bubble = role === "user"
      ? h("div", { class: "lc-bubble", text: message.text })
      : this.renderBotText(message.text || "");
    var el = h("div", { class: "lc-msg lc-" + role + (message.local ? " lc-local" : "") }, [
      h("span", { class: "lc-sr", text: role === "user" ? "您说：" : "助手说：" }),
      bubble
    ]);
    if (role === "bot" && message.buttons && message.buttons.length) {
      el.appendChild(this.renderChips(message.buttons));
    }
    el.appendChild(h("time", { class: "lc-time", datetime: when.toISOString(), text: timeLabel(when) }));
    if (role === "user" && !before) { this.disableOldChips(); }
    this.log.insertBefore(el, before || null);
    return el;
  };

  Widget.prototype.disableOldChips = function () {
    var chips = this.log.querySelectorAll(".lc-chip");
    for (var i = 0; i < chips.length; i++) { chips[i].disabled = true; }
  };

  Widget.prototype.renderChips = function (buttons) {
    var self = this;
    var group = h("div", { class: "lc-chips", role: "group", "aria-label": "可选回答" });
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string") { return; }
      var payload = typeof button.payload === "string" && button.payload ? button.payload : button.title;
      group.appendChild(h("button", {
        type: "button", class: "lc-chip", text: button.title,
        onclick: function (event) {
          if (event.currentTarget.disabled) { return; }
          self.send(payload, button.title);
          // The chip is now disabled and would lose focus: keep it in the conversation,
          // from where Tab reaches the next answers (no on-screen keyboard pops up).
          self.log.focus({ preventScroll: true });
        }
      }));
    });
    return group;
  };

  // The bot's text with the assessment markers made visible: the 【总体：…】 line as a badge,
  // 🔴🟠🟢 as coloured level tags, citations as buttons that expand to the article's text.
  Widget.prototype.renderBotText = function (text) {
    var self = this;
    var bubble = h("div", { class: "lc-bubble" });
    var lines = text.split("\n");
    var overall = /^【总体：\s*(\uD83D\uDD34|\uD83D\uDFE0|\uD83D\uDFE2)?\s*([^】]*)】\s*$/.exec(lines[0] || "");
    if (overall) {
      var level = overall[1] ? LEVELS[overall[1]] : null;
      var word = overall[2].trim();
      var cls = level ? level.cls : LEVEL_WORDS[word];
      bubble.classList.add("lc-assessment");
      if (cls) { bubble.classList.add("lc-is-" + cls); }
      bubble.appendChild(h("div", { class: "lc-overall" }, [
        "总体风险",
        h("span", { class: "lc-badge" + (cls ? " lc-level-" + cls : ""), text: word || (level && level.word) || "" })
      ]));
      lines = lines.slice(1);
    }
    lines.forEach(function (line, index) {
      if (index > 0) { bubble.appendChild(document.createTextNode("\n")); }
      var marker = /^(\uD83D\uDD34|\uD83D\uDFE0|\uD83D\uDFE2)\s*/.exec(line);
      if (marker) {
        var lv = LEVELS[marker[1]];
        bubble.appendChild(h("span", { class: "lc-badge lc-badge-sm lc-level-" + lv.cls, role: "img",
          "aria-label": lv.word, title: lv.word, text: lv.short }));
        line = line.slice(marker[0].length);
      }
      self.appendWithLinks(bubble, line);
    });
    return bubble;
  };

  // http(s) addresses in the bot's text (e.g. a report's download link) become links; the
  // address is set as an attribute and shown as text, any other scheme stays plain text.
  var URL_PATTERN = /https?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/g;

  Widget.prototype.appendWithLinks = function (parent, line) {
    URL_PATTERN.lastIndex = 0;
    var last = 0;
    var match;
    while ((match = URL_PATTERN.exec(line)) !== null) {
      if (match.index > last) { this.appendWithCitations(parent, line.slice(last, match.index)); }
      parent.appendChild(h("a", { class: "lc-link", href: match[0], target: "_blank",
        rel: "noopener noreferrer", text: match[0] }));
      last = match.index + match[0].length;
    }
    if (last < line.length) { this.appendWithCitations(parent, line.slice(last)); }
  };

  Widget.prototype.appendWithCitations = function (parent, line) {
    var self = this;
    if (!CITATION) { parent.appendChild(document.createTextNode(line)); return; }
    CITATION.lastIndex = 0;
    var last = 0;
    var match;
    while ((match = CITATION.exec(line)) !== null) {
      if (match.index > last) { parent.appendChild(document.createTextNode(line.slice(last, match.index))); }
      parent.appendChild(self.citeButton(match[0], citationId(match[1], match[2], match[3])));
      last = match.index + match[0].length;
    }
    if (last < line.length) { parent.appendChild(document.createTextNode(line.slice(last))); }
  };

  Widget.prototype.citeButton = function (label, id) {
    var self = this;
    var boxId = nextId("article");
    var button = h("button", { type: "button", class: "lc-cite", "aria-expanded": "false", "aria-controls": boxId,
      "data-article": id, title: "查看" + label + "原文", text: label });
    button.addEventListener("click", function () { self.toggleArticle(button, boxId, label, id); });
    return button;
  };

  Widget.prototype.toggleArticle = function (button, boxId, label, id) {
    var self = this;
    var box = this.shadow.getElementById(boxId);
    if (box) {
      box.hidden = !box.hidden;
      button.setAttribute("aria-expanded", String(!box.hidden));
      return;
    }
    var msg = button.closest(".lc-msg");
    var time = msg.querySelector(".lc-time");
    box = h("div", { class: "lc-article", id: boxId, role: "region", "aria-label": label + "原文", text: "正在查询" + label + "原文…" });
    msg.insertBefore(box, time);
    button.setAttribute("aria-expanded", "true");
    this.fetchArticle(id).then(function (reply) {
      box.textContent = "";
      if (reply.article) {
        var lines = reply.article.replace(/^\uD83D\uDCD6\s*/, "").split("\n");
        box.appendChild(h("div", { class: "lc-article-title", text: lines[0] }));
        box.appendChild(document.createTextNode(lines.slice(1).join("\n")));
      } else {
        box.textContent = "暂时没有找到" + label + "的原文，可以直接输入“" + label + "原文”试试。";
      }
      reply.others.forEach(function (message) { self.appendMessage(message); });
    }, function () {
      box.parentNode.removeChild(box);
      button.setAttribute("aria-expanded", "false");
    });
  };

  // The article's text through the bot (/ask_article), asked once per article.
  Widget.prototype.fetchArticle = function (id) {
    var self = this;
    if (!this.articleCache[id]) {
      var payload = "/ask_article" + JSON.stringify({ article: id });
      this.articleCache[id] = this.enqueue(function () { return self.post(payload, null); }).then(function (replies) {
        var article = null;
        var others = [];
        replies.forEach(function (reply) {
          if (!article && typeof reply.text === "string" && reply.text.indexOf("\uD83D\uDCD6") === 0) { article = reply.text; }
          else { others.push(reply); }
        });
        if (!article) { delete self.articleCache[id]; }
        return { article: article, others: others };
      }, function (error) { delete self.articleCache[id]; throw error; });
    }
    return this.articleCache[id].then(function (result) {
      // The extra messages are shown once only.
      var copy = { article: result.article, others: result.others };
      result.others = [];
      return copy;
    });
  };

  // --- sending ---------------------------------------------------------------------------

  Widget.prototype.autoGrow = function () {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight + 2, 120) + "px";
  };

  Widget.prototype.submit = function () {
    var text = this.input.value.trim();
    if (!text) { return; }
    this.input.value = "";
    this.autoGrow();
    this.send(text, text);
    this.input.focus();
  };

  // Send a message (typed text or a button's payload) and show `shown` as the user's words.
  Widget.prototype.send = function (message, shown) {
    var self = this;
    if (!consented()) { this.showView(); return; }
    var userEl = this.appendMessage({ role: "user", text: shown });
    this.scrollToEnd();
    this.wakeUp();
    this.enqueue(function () { return self.post(message, userEl); }).then(function (replies) {
      self.showReplies(replies);
    }, function () { /* marked as failed on the message */ });
  };

  Widget.prototype.showReplies = function (replies) {
    var first = null;
    for (var i = 0; i < replies.length; i++) {
      var reply = replies[i];
      if (!reply || (typeof reply.text !== "string" && !(reply.buttons && reply.buttons.length))) { continue; }
      var el = this.appendMessage({ role: "bot", text: reply.text || "", buttons: reply.buttons });
      if (!first) { first = el; }
    }
    if (first) { this.log.scrollTop = Math.max(0, first.offsetTop - 8); }
  };

  Widget.prototype.scrollToEnd = function () { this.log.scrollTop = this.log.scrollHeight; };

  // Requests run one after another, in the order they were made.
  Widget.prototype.enqueue = function (task) {
    var self = this;
    this.pending += 1;
    this.updateTyping();
    var run = this.queue.then(task);
    this.queue = run.then(done, done);
    function done() { self.pending -= 1; self.updateTyping(); }
    return run;
  };

  Widget.prototype.updateTyping = function () {
    this.typing.hidden = this.pending === 0 || !this.banner.hidden;
  };

  Widget.prototype.showBanner = function (text, retry) {
    this.bannerText.textContent = text;
    this.bannerButton.hidden = !retry;
    this.banner.hidden = false;
    this.updateTyping();
  };

  Widget.prototype.hideBanner = function () {
    this.banner.hidden = true;
    this.updateTyping();
  };

  Widget.prototype.wakeUp = function () {
    this.wake.slice().forEach(function (done) { done(); });
  };

  Widget.prototype.retryNow = function () { this.wakeUp(); };

  // One HTTP request; resolves with the parsed JSON, rejects with {retry: bool}.
  Widget.prototype.request = function (method, path, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT) : null;
    var options = { method: method, credentials: "omit", cache: "no-store", signal: controller ? controller.signal : undefined };
    if (body !== undefined) {
      options.headers = { "Content-Type": "application/json" };
      options.body = JSON.stringify(body);
    }
    return fetch(BASE + path, options).then(function (response) {
      clearTimeout(timer);
      if (!response.ok) {
        throw { retry: response.status >= 500 || response.status === 429 || response.status === 408, status: response.status };
      }
      return response.json();
    }, function () {
      clearTimeout(timer);
      throw { retry: true, status: 0 };
    });
  };

  // A request retried with back-off while the assistant is unreachable.
  Widget.prototype.withRetry = function (attempt, what) {
    var self = this;
    var tries = 0;
    function go() {
      return attempt().then(function (result) {
        if (tries > 0) { self.hideBanner(); }
        return result;
      }, function (error) {
        if (!error || !error.retry || tries >= RETRY_DELAYS.length) {
          self.showBanner(what + "没有成功，请稍后再试。", false);
          throw error;
        }
        self.showBanner("暂时连不上助手，正在自动重试…（您的对话不会丢失）", true);
        var delay = RETRY_DELAYS[tries];
        tries += 1;
        return sleep(delay, self.wake).then(go);
      });
    }
    return go();
  };

  Widget.prototype.post = function (message, userEl) {
    var self = this;
    var sender = senderId(true);
    return this.withRetry(function () {
      return self.request("POST", "/webhooks/rest/webhook", { sender: sender, message: message });
    }, "消息发送").then(function (replies) {
      return Array.isArray(replies) ? replies : [];
    }, function (error) {
      if (userEl) { self.markFailed(userEl, message); }
      throw error;
    });
  };

  Widget.prototype.markFailed = function (userEl, message) {
    var self = this;
    var note = h("div", { class: "lc-failed" }, [
      "未发送",
      h("button", { type: "button", text: "重新发送", onclick: function () {
        note.parentNode.removeChild(note);
        self.hideBanner();
        self.enqueue(function () { return self.post(message, userEl); }).then(function (replies) {
          self.showReplies(replies);
        }, function () { /* marked again */ });
      } })
    ]);
    userEl.appendChild(note);
  };

  Widget.prototype.loadHistory = function () {
    var self = this;
    var sender = senderId(false);
    if (!sender) { this.showWelcome(); return; }
    this.enqueue(function () {
      return self.withRetry(function () {
        return self.request("GET", "/webhooks/rest/history?sender=" + encodeURIComponent(sender));
      }, "加载之前的对话");
    }).then(function (data) {
      var messages = (data && Array.isArray(data.messages)) ? data.messages : [];
      if (!messages.length) { self.showWelcome(); return; }
      // Anything sent while the history was loading stays below it.
      var newer = self.log.firstChild;
      messages.forEach(function (message) {
        if (message && typeof message.text === "string") { self.appendMessage(message, newer); }
      });
      // Only the answers to the latest question stay clickable.
      var all = self.log.querySelectorAll(".lc-msg");
      var users = self.log.querySelectorAll(".lc-user");
      if (users.length) {
        var stale = true;
        for (var i = 0; i < all.length; i++) {
          if (all[i] === users[users.length - 1]) { stale = false; continue; }
          if (stale) {
            var buttons = all[i].querySelectorAll(".lc-chip");
            for (var j = 0; j < buttons.length; j++) { buttons[j].disabled = true; }
          }
        }
      }
      self.scrollToEnd();
    }, function () {
      self.historyLoaded = false;
    });
  };

  Widget.prototype.showWelcome = function () {
    if (this.log.querySelector(".lc-msg")) { return; }
    this.appendMessage({
      role: "bot", local: true,
      text: "您好！我可以帮您分析买卖网络账号（微信号、抖音号、游戏账号、网店等）的法律风险：合同是否有效、有没有刑事或行政风险，并给出法条和类似案例。\n\n请简单说说您的情况，例如：",
      buttons: [
        { title: "我想卖几个微信号，合法吗？", payload: "我想卖几个微信号，合法吗？" },
        { title: "我想买一个游戏账号，有什么风险？", payload: "我想买一个游戏账号，有什么风险？" },
        { title: "卖了抖音号对方不付尾款怎么办？", payload: "卖了抖音号对方不付尾款怎么办？" }
      ]
    });
  };

  // --- deleting the conversation -------------------------------------------------------------

  Widget.prototype.askDelete = function () {
    this.confirmBar.hidden = false;
    this.confirmYes.focus();
  };

  Widget.prototype.cancelDelete = function () {
    this.confirmBar.hidden = true;
    this.deleteButton.focus();
  };

  Widget.prototype.deleteConversation = function () {
    var self = this;
    var sender = senderId(false);
    this.confirmYes.disabled = true;
    var work = sender
      ? this.enqueue(function () {
        return self.withRetry(function () {
          return self.request("POST", "/webhooks/rest/delete", { sender: sender });
        }, "删除对话");
      })
      : Promise.resolve({ deleted: 0 });
    work.then(function () {
      store.remove(SENDER_KEY);
      store.remove(CONSENT_KEY);
      self.articleCache = {};
      self.log.textContent = "";
      self.historyLoaded = false;
      self.hideBanner();
      self.confirmBar.hidden = true;
      self.confirmYes.disabled = false;
      self.showView();
      var heading = self.consentView.querySelector("h3");
      self.announce("您的对话已从服务器删除。");
      heading.focus();
    }, function () {
      self.confirmYes.disabled = false;
    });
  };

  Widget.prototype.announce = function (text) {
    var live = h("div", { class: "lc-sr", role: "status", text: text });
    this.panel.appendChild(live);
    setTimeout(function () { if (live.parentNode) { live.parentNode.removeChild(live); } }, 5000);
  };

  function start() {
    if (!window.fetch || !window.Promise || !Element.prototype.attachShadow) { return; }
    window.__legalChatWidget = new Widget();
  }

  if (document.body) { start(); }
  else { document.addEventListener("DOMContentLoaded", start); }
})();
