/* A small rich-text editor for the admin: bold, italic, headings, lists, quotes and links — exactly the
   tags the server-side sanitiser keeps. The textarea stays the source of truth and is submitted as is. */
(function () {
  "use strict";
  var buttons = [
    ["bold", "B", "加粗"], ["italic", "I", "斜体"], ["h2", "H2", "小标题"], ["h3", "H3", "三级标题"],
    ["insertUnorderedList", "•", "列表"], ["insertOrderedList", "1.", "编号列表"],
    ["blockquote", "“”", "引用"], ["createLink", "🔗", "链接"], ["removeFormat", "⌫", "清除格式"]
  ];
  function attach(textarea) {
    var bar = document.createElement("div");
    bar.className = "richtext-bar";
    bar.setAttribute("role", "toolbar");
    var area = document.createElement("div");
    area.className = "richtext-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.innerHTML = textarea.value;
    buttons.forEach(function (def) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = def[1];
      b.title = def[2];
      b.setAttribute("aria-label", def[2]);
      b.addEventListener("click", function () {
        area.focus();
        if (def[0] === "h2" || def[0] === "h3" || def[0] === "blockquote") {
          document.execCommand("formatBlock", false, def[0]);
        } else if (def[0] === "createLink") {
          var url = window.prompt("链接地址 (https://…)");
          if (url && /^(https?:|mailto:)/i.test(url)) { document.execCommand("createLink", false, url); }
        } else {
          document.execCommand(def[0], false, null);
        }
        sync();
      });
      bar.appendChild(b);
    });
    function sync() { textarea.value = area.innerHTML; }
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    textarea.form && textarea.form.addEventListener("submit", sync);
    textarea.classList.add("richtext-source");
    var wrap = document.createElement("div");
    wrap.className = "richtext-wrap";
    wrap.appendChild(bar);
    wrap.appendChild(area);
    textarea.parentNode.insertBefore(wrap, textarea);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.richtext").forEach(attach);
  });
})();
