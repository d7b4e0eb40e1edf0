/* School submission form: school type-ahead, adding image rows (up to the limit), size checks before upload.
   Everything works without this script; it only saves typing and a wasted upload. */
(function () {
  "use strict";
  var form = document.getElementById("submit-form");
  if (!form) { return; }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  /* --- school type-ahead (ARIA combobox with a listbox) ------------------------------------------- */
  var nameInput = document.getElementById("id_school_name");
  var idInput = document.getElementById("id_school");
  var list = document.getElementById("school-suggestions");
  var url = form.getAttribute("data-schools-url");
  var timer = null, active = -1, results = [], lastQuery = "";

  function markExisting(existing) {
    form.classList.toggle("is-existing-school", existing);
  }
  function close() {
    list.hidden = true; list.innerHTML = ""; active = -1;
    nameInput.setAttribute("aria-expanded", "false");
    nameInput.removeAttribute("aria-activedescendant");
  }
  function choose(index) {
    var school = results[index];
    if (!school) { return; }
    nameInput.value = school.name;
    idInput.value = String(school.id);
    markExisting(true);
    close();
  }
  function highlight(index) {
    var items = list.querySelectorAll("li");
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (items[index]) {
      nameInput.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }
  }
  function show(rows) {
    results = rows; list.innerHTML = ""; active = -1;
    if (!rows.length) { close(); return; }
    rows.forEach(function (school, i) {
      var item = document.createElement("li");
      item.id = "school-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = school.name;  /* textContent: names are never parsed as HTML */
      if (school.region) {
        var region = document.createElement("span");
        region.className = "region"; region.textContent = school.region;
        item.appendChild(region);
      }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      list.appendChild(item);
    });
    list.hidden = false;
    nameInput.setAttribute("aria-expanded", "true");
  }
  function search() {
    var query = nameInput.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (!query) { close(); return; }
    fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (nameInput.value.trim() === query) { show(data.results || []); } })
      .catch(function () { close(); });
  }
  if (nameInput && idInput && list && url) {
    nameInput.setAttribute("aria-controls", "school-suggestions");
    markExisting(Boolean(idInput.value));
    nameInput.addEventListener("input", function () {
      idInput.value = ""; markExisting(false);
      clearTimeout(timer); timer = setTimeout(search, 200);
    });
    nameInput.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, results.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
    nameInput.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* --- image rows ------------------------------------------------------------------------------- */
  /* Messages come translated from the template (data-msg-*), with {name} placeholders. */
  function message(key, values) {
    var text = form.getAttribute("data-msg-" + key) || "";
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(values[name])); });
    return text;
  }

  var rows = document.getElementById("image-rows");
  var template = document.getElementById("image-row-template");
  var addButton = document.getElementById("add-image");
  var total = document.getElementById("id_images-TOTAL_FORMS");
  var counter = document.getElementById("image-count");
  var maxImages = parseInt(form.getAttribute("data-max-images"), 10) || 10;

  function refreshButton() {
    var count = parseInt(total.value, 10);
    addButton.disabled = count >= maxImages;
    counter.textContent = count >= maxImages ? message("limit", { max: maxImages }) : "";
  }
  if (rows && template && addButton && total) {
    addButton.hidden = false;
    refreshButton();
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (index >= maxImages) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      refreshButton();
      var input = row.querySelector("input[type=file]");
      if (input) { input.focus(); }
    });
  }

  /* --- sizes, before anything is sent ---------------------------------------------------------- */
  var mb = 1024 * 1024;
  var imageMax = (parseInt(form.getAttribute("data-image-max-mb"), 10) || 10) * mb;
  var attachmentMax = (parseInt(form.getAttribute("data-attachment-max-mb"), 10) || 20) * mb;
  var requestMax = (parseInt(form.getAttribute("data-request-max-mb"), 10) || 130) * mb;
  var clientError = document.getElementById("client-error");
  form.addEventListener("submit", function (event) {
    var problems = [], sum = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) {
        sum += file.size;
        var isAttachment = input.name === "attachment";
        if (isAttachment && file.size > attachmentMax) {
          problems.push(message("attachment-too-big", { name: file.name, max: attachmentMax / mb }));
        }
        if (!isAttachment && file.size > imageMax) {
          problems.push(message("image-too-big", { name: file.name, max: imageMax / mb }));
        }
      });
    });
    if (sum > requestMax) { problems.push(message("total-too-big", { max: requestMax / mb })); }
    if (problems.length) {
      event.preventDefault();
      clientError.textContent = problems.join(" ") + " " + message("choose-again");
      clientError.hidden = false;
      clientError.scrollIntoView({ block: "center" });
      return;
    }
    clientError.hidden = true;
    /* One click, one submission: a second click while the upload runs would only send it twice. */
    var button = form.querySelector("button[type=submit]");
    if (button) {
      if (button.disabled) { event.preventDefault(); return; }
      button.disabled = true;
      button.textContent = message("sending");
    }
  });
  /* Coming back with the browser's Back button restores the page from cache: make the button usable again. */
  window.addEventListener("pageshow", function () {
    var button = form.querySelector("button[type=submit]");
    if (button && button.disabled) { button.disabled = false; button.textContent = button.getAttribute("data-label") || button.textContent; }
  });
})();
