// Sorting and filtering of the agency table. Without JavaScript the table still shows every
// agency, worst first; this only adds the filter form and sortable column headers.
(function () {
  "use strict";
  var table = document.getElementById("agencies");
  var form = document.getElementById("filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = form.elements.namedItem("shown");

  function applyFilters() {
    var status = form.elements.namedItem("status").value;
    var category = form.elements.namedItem("category").value;
    var count = 0;
    rows.forEach(function (row) {
      var visible = (!status || row.dataset.status === status) &&
        (!category || row.dataset.category === category);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.value = count + " / " + rows.length;
  }

  function sortBy(header) {
    var key = header.dataset.key;
    var numeric = header.dataset.type === "num";
    var descending = header.getAttribute("aria-sort") !== "descending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    rows.sort(function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
    if (!header.dataset.key) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = header.textContent;
    header.textContent = "";
    header.appendChild(button);
    button.addEventListener("click", function () { sortBy(header); });
  });
  form.addEventListener("change", applyFilters);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  applyFilters();
}());
