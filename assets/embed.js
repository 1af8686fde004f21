// For host pages: <iframe data-yousaid src="https://feedback.example/s/SURVEY/embed" title="…">
// plus <script src="https://feedback.example/embed.js" defer></script>. Tells the survey which
// page it sits on (origin and path only) and sizes each iframe to its content.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src).origin : "";
  var page = location.origin + location.pathname;
  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe[data-yousaid]"));
  frames.forEach(function (frame) {
    var url = new URL(frame.getAttribute("src"), location.href);
    if (!url.searchParams.has("page")) {
      url.searchParams.set("page", page);
      frame.setAttribute("src", url.toString());
    }
    frame.style.width = "100%";
    frame.style.border = "0";
  });
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || event.data.yousaid !== "resize") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = event.data.height + "px";
    });
  });
})();
