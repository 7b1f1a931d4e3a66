// Gongkai's only script: small conveniences; every page works without it.
(function () {
  "use strict";
  // The application form: show the citizen's or the organisation's fields.
  function toggleGroups() {
    var chosen = document.querySelector('input[name="applicantType"]:checked');
    document.querySelectorAll("[data-group]").forEach(function (g) {
      g.hidden = chosen ? g.getAttribute("data-group") !== chosen.value : false;
    });
  }
  document.querySelectorAll('input[name="applicantType"]').forEach(function (r) { r.addEventListener("change", toggleGroups); });
  toggleGroups();
  document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
  // Forms that need a second thought.
  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); } });
  });
  // The workbench: choosing a finding outlines its cells.
  document.querySelectorAll("button.finding").forEach(function (b) {
    b.addEventListener("click", function () {
      document.querySelectorAll("td.outlined").forEach(function (td) { td.classList.remove("outlined"); });
      document.querySelectorAll("ul.findings li.selected").forEach(function (li) { li.classList.remove("selected"); });
      b.parentNode.classList.add("selected");
      var first = null;
      (b.getAttribute("data-cells") || "").split(" ").forEach(function (id) {
        if (!id) { return; }
        var td = document.querySelector('td[data-cell="' + id + '"]');
        if (td) { td.classList.add("outlined"); first = first || td; }
      });
      if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
    });
  });
  // Uploads: a progress bar while the batch is sent.
  document.querySelectorAll("form[data-progress]").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.XMLHttpRequest || !window.FormData) { return; }
      e.preventDefault();
      var bar = document.getElementById(f.getAttribute("data-progress"));
      var label = document.getElementById(f.getAttribute("data-progress") + "-label");
      bar.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", f.action);
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) { bar.value = Math.round(ev.loaded / ev.total * 100); label.textContent = "已上传 " + bar.value + "%"; }
      });
      xhr.upload.addEventListener("load", function () { bar.removeAttribute("value"); label.textContent = "上传完成，正在读取和检查报告……"; });
      xhr.addEventListener("load", function () { document.open(); document.write(xhr.responseText); document.close(); });
      xhr.addEventListener("error", function () { label.textContent = "上传失败，请重试。"; });
      xhr.send(new FormData(f));
    });
  });
})();
