// crosscount pages: draws a variable's chart and runs the static report's search.
// Data is read from <script type="application/json"> blocks and shown with textContent only.
(function () {
  "use strict";
  var spec = document.getElementById("chart-spec");
  if (spec && window.vegaEmbed) {
    window.vegaEmbed("#chart", JSON.parse(spec.textContent), { actions: false, renderer: "svg" })
      .catch(function (err) { document.getElementById("chart").textContent = "The chart could not be drawn: " + err; });
  }
  var index = document.getElementById("search-index");
  if (!index) { return; }
  var rows = JSON.parse(index.textContent);  // [surface, measure, source, quote, doc, outlet, year, href]
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  var filters = {};
  var FACETS = [["measure", 1], ["source", 2], ["outlet", 5], ["year", 6]];

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function matches(row, words) {
    var hay = (row[0] + " " + row[1] + " " + row[2] + " " + row[3] + " " + row[4]).toLowerCase();
    for (var i = 0; i < words.length; i++) { if (hay.indexOf(words[i]) < 0) { return false; } }
    for (var f = 0; f < FACETS.length; f++) {
      var want = filters[FACETS[f][0]];
      if (want !== undefined && row[FACETS[f][1]] !== want) { return false; }
    }
    return true;
  }
  function run() {
    var words = input.value.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    out.textContent = "";
    if (!words.length && !Object.keys(filters).length) { return; }
    var hits = rows.filter(function (r) { return matches(r, words); });
    var facets = el("div", undefined, "facets");
    FACETS.forEach(function (facet) {
      var counts = {};
      hits.forEach(function (r) { if (r[facet[1]]) { counts[r[facet[1]]] = (counts[r[facet[1]]] || 0) + 1; } });
      var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; }).slice(0, 12);
      if (!keys.length) { return; }
      var box = el("div"); box.appendChild(el("h2", facet[0]));
      var list = el("ul");
      keys.forEach(function (k) {
        var li = el("li"); var a = el("a", k.replace(/_/g, " ")); a.href = "#";
        if (filters[facet[0]] === k) { a.className = "active"; }
        a.addEventListener("click", function (e) {
          e.preventDefault();
          if (filters[facet[0]] === k) { delete filters[facet[0]]; } else { filters[facet[0]] = k; }
          run();
        });
        li.appendChild(a); li.appendChild(el("small", " " + counts[k])); list.appendChild(li);
      });
      box.appendChild(list); facets.appendChild(box);
    });
    out.appendChild(facets);
    out.appendChild(el("h2", "Figures (" + hits.length + ")"));
    var list = el("ul", undefined, "hits");
    hits.slice(0, 200).forEach(function (r) {
      var li = el("li"); var a = el("a"); a.href = r[7]; a.appendChild(el("b", r[0]));
      li.appendChild(a); li.appendChild(document.createTextNode(" · " + r[1].replace(/_/g, " ") + " · " + r[4]));
      li.appendChild(el("br")); li.appendChild(el("span", r[3], "quote")); list.appendChild(li);
    });
    if (!hits.length) { out.appendChild(el("p", "No figures match.")); }
    out.appendChild(list);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); run(); }
})();
