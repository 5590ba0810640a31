// What a host page typically does with the widget's API; no inline handlers, so the demo
// also runs under a strict Content-Security-Policy.
(function () {
  var ask = document.getElementById('ask');
  if (ask) {
    ask.addEventListener('click', function () {
      if (window.Sapa) window.Sapa.open();
    });
  }
  // A single-page-style search: the URL changes without a page load (history.pushState),
  // and the widget reports the new page to the agent.
  var search = document.getElementById('search');
  if (search) {
    search.addEventListener('submit', function (event) {
      event.preventDefault();
      var q = search.elements.namedItem('q').value;
      history.pushState({}, '', '?q=' + encodeURIComponent(q));
      document.title = 'Cari: ' + q + ' — Perpustakaan';
      document.getElementById('result').textContent = 'Hasil untuk: ' + q;
    });
  }
})();
