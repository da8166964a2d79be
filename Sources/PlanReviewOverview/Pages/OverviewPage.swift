import Foundation

/// How pages link to each other: the server's routes, or the files `planreview overview build` writes.
public enum PageLinks: Sendable {
    /// `/municipality/101`, `/municipality/101/report`.
    case server
    /// `municipality/101.html`, `municipality/101-report.html` beside `index.html`.
    case staticFiles

    func municipality(_ code: Int) -> String {
        switch self {
        case .server: "/municipality/\(code)"
        case .staticFiles: "municipality/\(code).html"
        }
    }

    /// From a municipality page to its report.
    func report(_ code: Int) -> String {
        switch self {
        case .server: "/municipality/\(code)/report"
        case .staticFiles: "\(code)-report.html"
        }
    }

    /// From a municipality page back to the overview.
    var index: String {
        switch self {
        case .server: "/"
        case .staticFiles: "../index.html"
        }
    }
}

/// The overview page: all municipalities in one table, sortable by any column and filterable by
/// name, code and status, with the national total above it. The inline script only sorts and
/// filters rows already in the page, so the file works the same served or opened from disk, and
/// `#sort=<column>&dir=asc|desc` in the address sorts on load (the browser test uses it).
public struct OverviewPage: Sendable {
    public var overview: Overview
    public var links: PageLinks

    public init(overview: Overview, links: PageLinks) {
        self.overview = overview
        self.links = links
    }

    /// A column: its key (for `#sort=`), heading, whether numeric, and the cell of a row.
    struct Column {
        var key: String
        var title: String
        var numeric: Bool
        var cell: (OverviewRow) -> (text: String, sort: String, cssClass: String?)
    }

    static func number(_ v: Double?, _ text: String) -> (String, String, String?) { (text, NumberFormat.plain(v), nil) }

    var columns: [Column] {
        [
            Column(key: "name", title: "Kommune", numeric: false) { r in (r.name, r.name, nil) },
            Column(key: "code", title: "Kode", numeric: true) { r in (String(r.code), String(r.code), nil) },
            Column(key: "status", title: "Status", numeric: false) { r in
                (DanishText.status(r.status), r.status ?? "", "st-\(r.status ?? "none")")
            },
            Column(key: "scoreOverall", title: "Score", numeric: true) { r in Self.number(r.scoreOverall, NumberFormat.decimal(r.scoreOverall)) },
            Column(key: "scorePillar1", title: "Søjle 1", numeric: true) { r in Self.number(r.scorePillar1, NumberFormat.decimal(r.scorePillar1)) },
            Column(key: "scorePillar2", title: "Søjle 2", numeric: true) { r in Self.number(r.scorePillar2, NumberFormat.decimal(r.scorePillar2)) },
            Column(key: "scorePillar3", title: "Søjle 3", numeric: true) { r in Self.number(r.scorePillar3, NumberFormat.decimal(r.scorePillar3)) },
            Column(key: "target2030", title: "Mål 2030", numeric: true) { r in Self.number(r.target2030ReductionPercent, NumberFormat.percent(r.target2030ReductionPercent)) },
            Column(key: "planned2030", title: "Planlagt 2030", numeric: true) { r in Self.number(r.planned2030ReductionPercent, NumberFormat.percent(r.planned2030ReductionPercent)) },
            Column(key: "gap2030", title: "Manko 2030 (t CO2e)", numeric: true) { r in
                (NumberFormat.tonnes(r.gap2030Tco2e), NumberFormat.plain(r.gap2030Tco2e), (r.gap2030Tco2e ?? 0) > 0 ? "shortfall" : nil)
            },
            Column(key: "perInhabitant", title: "t CO2e pr. indb.", numeric: true) { r in Self.number(r.tco2ePerInhabitant, NumberFormat.decimal(r.tco2ePerInhabitant, digits: 2)) },
            Column(key: "afoluShare", title: "AFOLU-andel", numeric: true) { r in Self.number(r.afoluSharePercent, NumberFormat.percent(r.afoluSharePercent)) },
            Column(key: "onTrack", title: "På rette spor", numeric: false) { r in
                (DanishText.onTrack(r.onTrack, progressStatus: r.progressStatus), r.onTrack.map { $0 ? "1" : "0" } ?? "", nil)
            },
            Column(key: "reviewedAt", title: "Seneste vurdering", numeric: false) { r in
                (NumberFormat.date(r.reviewedAt), r.reviewedAt.map(NumberFormat.isoDay) ?? "", nil)
            },
        ]
    }

    public func html() -> String {
        let e = DanishText.e
        let n = overview.national
        var h = "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        h += "<title>DK2020-klimaplaner – oversigt over kommunerne</title>\n<style>\n\(DanishText.css)\n</style>\n</head>\n<body>\n"
        h += "<header class=\"site\"><h1>DK2020-klimaplaner: alle \(overview.municipalities.count) kommuner</h1>\n"
        h += "<p>Seneste vurdering af hver kommunes klimahandleplan efter DK2020-rammen (CAPF) og planens vej mod 2030. Opdateret \(e(NumberFormat.date(overview.generatedAt))).</p></header>\n<main>\n"
        h += "<section class=\"national\" id=\"national\" aria-label=\"Nationalt samlet\">\n"
        h += "<p><strong class=\"big\" id=\"national-planned\">Planlagt reduktion 2030: \(e(NumberFormat.percent(n.plannedReduction2030Percent)))</strong> mod Klimalovens \(e(NumberFormat.percent(n.klimalovenPercent))) (2030 i forhold til 1990).</p>\n"
        h += "<p id=\"national-coverage\">Tallet dækker kun de <strong>\(n.municipalitiesCounted)</strong> kommuner med en vurderet plan og en udledningssti (\(n.municipalitiesWithResult) af \(n.municipalitiesTotal) kommuner har et resultat). "
        h += "Kommuner uden resultat indgår ikke. \(n.municipalitiesWith1990) af de medregnede måles fra deres 1990-udledning, resten fra deres basisår, hvilket giver en lavere procent end målt fra 1990. "
        h += "Planernes egne mål for 2030 svarer samlet til \(e(NumberFormat.percent(n.targetReduction2030Percent))).</p>\n</section>\n"
        h += "<div class=\"controls\">\n<label>Søg <input type=\"search\" id=\"filter\" placeholder=\"Kommune eller kode\"/></label>\n"
        h += "<label>Status <select id=\"status-filter\"><option value=\"\">Alle</option>"
        for s in ["compliant", "non_compliant", "incomplete", "rejected"] { h += "<option value=\"\(s)\">\(e(DanishText.status(s)))</option>" }
        h += "<option value=\"none\">Intet resultat</option></select></label>\n"
        h += "<span id=\"shown\" aria-live=\"polite\">Viser \(overview.municipalities.count) af \(overview.municipalities.count)</span>\n</div>\n"
        h += "<table id=\"overview\">\n<thead><tr>"
        let columns = self.columns
        for c in columns {
            h += "<th scope=\"col\" data-key=\"\(c.key)\" data-type=\"\(c.numeric ? "num" : "text")\"\(c.numeric ? " class=\"num\"" : "")>\(e(c.title))</th>"
        }
        h += "</tr></thead>\n<tbody>\n"
        for row in overview.municipalities {
            h += "<tr data-code=\"\(row.code)\" data-status=\"\(e(row.status ?? "none"))\"\(row.hasResult ? "" : " class=\"no-result\"")>"
            for (i, c) in columns.enumerated() {
                let cell = c.cell(row)
                var classes = [String]()
                if c.numeric { classes.append("num") }
                if let extra = cell.cssClass { classes.append(extra) }
                let classAttr = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                let text = i == 0 ? "<a href=\"\(e(links.municipality(row.code)))\">\(e(cell.text))</a>" : e(cell.text)
                h += "<td data-v=\"\(e(cell.sort))\"\(classAttr)>\(text)</td>"
            }
            h += "</tr>\n"
        }
        h += "</tbody>\n</table>\n"
        h += "<p class=\"note\">Procenter for mål og planlagt reduktion er i forhold til planens basisår. Manko: planlagt minus mål i 2030 (over 0 er et underskud). "
        h += "t CO2e pr. indbygger vises kun, når jobbet oplyste indbyggertallet. AFOLU: landbrug, skov og anden arealanvendelse. "
        h += "«På rette spor» kommer fra kommunens seneste fremskridtsrapport og står som — indtil der findes en. "
        h += "Data: <a href=\"\(links == .server ? "/api/overview" : "overview.json")\">JSON</a>, <a href=\"\(links == .server ? "/overview.csv" : "overview.csv")\">CSV</a>.</p>\n"
        h += "</main>\n<script>\n\(Self.script)\n</script>\n</body>\n</html>\n"
        return h
    }

    /// Sorting (click a heading; again to reverse; rows without a value stay last) and filtering.
    static let script = """
        (function () {
          var table = document.getElementById('overview');
          var tbody = table.tBodies[0];
          var heads = table.tHead.rows[0].cells;
          function sortBy(index, dir) {
            var numeric = heads[index].getAttribute('data-type') === 'num';
            var rows = Array.prototype.slice.call(tbody.rows);
            rows.sort(function (a, b) {
              var x = a.cells[index].getAttribute('data-v'), y = b.cells[index].getAttribute('data-v');
              if (x === '' && y === '') return 0;
              if (x === '') return 1;
              if (y === '') return -1;
              var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, 'da');
              return dir === 'asc' ? c : -c;
            });
            rows.forEach(function (r) { tbody.appendChild(r); });
            for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
            heads[index].setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
          }
          Array.prototype.forEach.call(heads, function (th, index) {
            th.addEventListener('click', function () {
              var numeric = th.getAttribute('data-type') === 'num';
              var current = th.getAttribute('aria-sort');
              var dir = current ? (current === 'ascending' ? 'desc' : 'asc') : (numeric ? 'desc' : 'asc');
              sortBy(index, dir);
            });
          });
          var filter = document.getElementById('filter'), status = document.getElementById('status-filter');
          function applyFilter() {
            var q = filter.value.trim().toLowerCase(), s = status.value, shown = 0;
            Array.prototype.forEach.call(tbody.rows, function (r) {
              var text = (r.cells[0].textContent + ' ' + r.getAttribute('data-code')).toLowerCase();
              var ok = (q === '' || text.indexOf(q) >= 0) && (s === '' || r.getAttribute('data-status') === s);
              r.hidden = !ok;
              if (ok) shown++;
            });
            document.getElementById('shown').textContent = 'Viser ' + shown + ' af ' + tbody.rows.length;
          }
          filter.addEventListener('input', applyFilter);
          status.addEventListener('change', applyFilter);
          var params = new URLSearchParams(location.hash.replace(/^#/, ''));
          var key = params.get('sort');
          if (key) {
            for (var i = 0; i < heads.length; i++) {
              if (heads[i].getAttribute('data-key') === key) {
                heads[i].click();
                var want = params.get('dir');
                if (want && (heads[i].getAttribute('aria-sort') === 'ascending') !== (want === 'asc')) heads[i].click();
              }
            }
          }
          if (params.get('q')) { filter.value = params.get('q'); applyFilter(); }
        })();
        """
}
