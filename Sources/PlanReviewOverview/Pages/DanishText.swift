/// The Danish words of the overview pages, in one place.
enum DanishText {
    static func status(_ status: String?) -> String {
        switch status {
        case "compliant": "Opfylder"
        case "non_compliant": "Opfylder ikke"
        case "incomplete": "Ufuldstændig"
        case "rejected": "Afvist"
        case nil: "Intet resultat"
        case let other?: other
        }
    }

    static func onTrack(_ onTrack: Bool?, progressStatus: String?) -> String {
        switch (onTrack, progressStatus) {
        case (true?, _): "Ja"
        case (false?, _): "Nej"
        case (nil, "insufficient_data"?): "Utilstrækkelige data"
        case (nil, "rejected"?): "Afvist"
        default: NumberFormat.none
        }
    }

    /// HTML-escapes text for element content and attribute values.
    static func e(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let css = """
        :root { --ink: #1d2733; --muted: #5b6673; --line: #d8dee4; --bg: #f7f9fb; --ok: #1f7a3a; --bad: #b42318; --warn: #a15c00; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; }
        header.site { background: #0f3b5f; color: #fff; padding: 1.2rem 2rem; }
        header.site h1 { margin: 0; font-size: 1.6rem; }
        header.site p { margin: .3rem 0 0; color: #d5e3ee; }
        main { padding: 1rem 2rem 3rem; max-width: 1500px; }
        a { color: #0b5cad; }
        .national { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; }
        .national strong.big { font-size: 1.4rem; }
        .controls { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: .8rem 0; }
        .controls input, .controls select { font: inherit; padding: .3rem .5rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        thead th { position: sticky; top: 0; background: #eef2f6; cursor: pointer; user-select: none; font-size: .85rem; }
        thead th[aria-sort="ascending"]::after { content: " ▲"; }
        thead th[aria-sort="descending"]::after { content: " ▼"; }
        tr.no-result td { color: var(--muted); }
        .st-compliant { color: var(--ok); font-weight: 600; }
        .st-non_compliant, .st-rejected { color: var(--bad); font-weight: 600; }
        .st-incomplete { color: var(--warn); font-weight: 600; }
        .shortfall { color: var(--bad); }
        dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; }
        dl.figures dt { color: var(--muted); }
        dl.figures dd { margin: 0; }
        .note { color: var(--muted); font-size: .9rem; }
        iframe.report { width: 100%; height: 80vh; border: 1px solid var(--line); border-radius: 6px; }
        figure.chart svg { max-width: 760px; width: 100%; height: auto; }
        """
}
