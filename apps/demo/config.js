// Placeholder for local file browsing. The gateway serves the real /demo/config.js from its
// DEMO_SITE_KEY setting (scripts/run.sh sets it to the first site's key).
window.SAPA_DEMO = window.SAPA_DEMO || {};
