// Inside the embedded survey: tells the host page how tall the content is.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = document.documentElement.scrollHeight;
    if (height === last) return;
    last = height;
    window.parent.postMessage({ yousaid: "resize", height: height }, "*");
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  document.addEventListener("change", function () { setTimeout(send, 0); });
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
  send();
})();
