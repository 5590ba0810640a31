// The demo pages' copy of the embed snippet. A real site pastes the snippet itself with its
// site key written in; the demo learns its key from /demo/config.js (served by the gateway
// from DEMO_SITE_KEY), so the same pages work on any installation.
(function () {
  var config = window.SAPA_DEMO || {};
  if (!config.siteKey) return;
  var script = document.createElement('script');
  script.async = true;
  script.src = config.widgetUrl || '/widget.js';
  script.setAttribute('data-sapa-site', config.siteKey);
  if (config.server) script.setAttribute('data-sapa-server', config.server);
  document.head.appendChild(script);
  var shown = document.getElementById('snippet');
  if (shown) {
    shown.textContent =
      '<script async src="' +
      new URL(script.src, location.href).href +
      '" data-sapa-site="' +
      config.siteKey +
      '"></script>';
  }
})();
