import PlanReviewContract
import PlanReviewJSON

/// The reasons of a rejected result in the job's language (contract v1.1: "rejected reasons in
/// the job's language, like every other text; each error also carries a stable code").
///
/// The readers (parser, mapper, validators) build each reason from one English template with
/// its figures; this table gives every template's Danish form with the same figures, so the
/// code and the pointer stay the machine's and the reason becomes the reader's. A reason with no
/// template here stays English (a test keeps the table complete for the codes that occur).
enum ValidationText {
    /// English template → Danish template; `{}` are the figures, in order.
    static let danish: [(String, String)] = [
        ("required field is missing", "påkrævet felt mangler"),
        // Progress jobs
        ("give plan or planJob, not both", "angiv plan eller planJob, ikke begge"),
        ("the plan job is for kommunekode {}, the report for {}", "planjobbet gælder kommunekode {}, indberetningen {}"),
        ("year {} is after the reference date {}", "året {} ligger efter rapportens dato {}"),
        ("required: neither referenceDate nor the AMQP timestamp is set", "påkrævet: hverken referenceDate eller AMQP-egenskaben timestamp er sat"),
        ("expected an integer, found {}", "forventede et heltal, fandt {}"),
        ("expected {}, found {}", "forventede {}, fandt {}"),
        ("must be between 1900 and 2100, found {}", "skal ligge mellem 1900 og 2100, fandt {}"),
        ("must be between 0 and 100, found {}", "skal ligge mellem 0 og 100, fandt {}"),
        ("must be between 0 and 200, found {}", "skal ligge mellem 0 og 200, fandt {}"),
        ("must not be negative outside afolu (only AFOLU removals are negative), found {}", "må kun være negativ i afolu (kun optag i AFOLU er negative), fandt {}"),
        ("must not be negative, found {}", "må ikke være negativ, fandt {}"),
        ("must be at most {} tCO2e, found {}", "må højst være {} tCO2e, fandt {}"),
        ("must be greater than 0 and at most {}, found {}", "skal være over 0 og højst {}, fandt {}"),
        ("must be 1, 2 or 3, found {}", "skal være 1, 2 eller 3, fandt {}"),
        ("must be one of {}; found '{}'", "skal være en af {}; fandt '{}'"),
        ("must not be empty", "må ikke være tom"),
        ("must name at least one sector", "skal nævne mindst én sektor"),
        ("expected a date YYYY-MM-DD, found '{}'", "forventede en dato ÅÅÅÅ-MM-DD, fandt '{}'"),
        ("needs tco2e or a notation key (NO, NE, IE, C)", "kræver tco2e eller en notationsnøgle (NO, NE, IE, C)"),
        ("has both tco2e and a notation key: give one", "har både tco2e og en notationsnøgle: angiv én af dem"),
        ("required when reductionTco2e is given", "påkrævet, når reductionTco2e er angivet"),
        ("has {} elements, more than the limit of {}", "har {} elementer, flere end grænsen på {}"),
        ("unknown kommunekode {}", "ukendt kommunekode {}"),
        ("unknown ruleset '{}' (known: {})", "ukendt regelsæt '{}' (kendte: {})"),
        ("unknown schema '{}': expected {}", "ukendt skema '{}': forventede {}"),
        ("'{}' does not match the AMQP message_id '{}'", "'{}' svarer ikke til AMQP-egenskaben message_id '{}'"),
        ("required: neither jobId nor the AMQP message_id is set", "påkrævet: hverken jobId eller AMQP-egenskaben message_id er sat"),
        ("GPC reference {} is in sector {}, not {}", "GPC-referencen {} hører til sektoren {}, ikke {}"),
        ("duplicate action id '{}' (also at {})", "tiltags-id '{}' findes to gange (også ved {})"),
        ("duplicate key '{}'", "nøglen '{}' findes to gange"),
        ("duplicate target year {} for the same sectors (also at {})", "målår {} findes to gange for de samme sektorer (også ved {})"),
        ("duplicate year {} (also at {})", "året {} findes to gange (også ved {})"),
        ("fullEffectYear {} is before startYear {}", "fullEffectYear {} ligger før startYear {}"),
        ("toYear {} is before fromYear {}", "toYear {} ligger før fromYear {}"),
        ("baseYear {} is not before the target year {}", "baseYear {} ligger ikke før målåret {}"),
        ("target year {} is not after the inventory base year {}", "målåret {} ligger ikke efter opgørelsens basisår {}"),
        ("needs exactly one of reductionPercent, netZero: true, tco2e", "kræver præcis én af reductionPercent, netZero: true, tco2e"),
        ("netZero must be true; a target needs exactly one of reductionPercent, netZero: true, tco2e", "netZero skal være true; et mål kræver præcis én af reductionPercent, netZero: true, tco2e"),
        ("the {} target ({} tCO2e) is less strict than the {} target ({} tCO2e)", "målet for {} ({} tCO2e) er mindre skrapt end målet for {} ({} tCO2e)"),
        ("the {} target ({} % vs {}) is less strict than the {} target ({} % vs {})", "målet for {} ({} % ift. {}) er mindre skrapt end målet for {} ({} % ift. {})"),
        ("the base-year point ({} tCO2e) differs from the inventory total {} tCO2e by more than 0.5 %", "punktet i basisåret ({} tCO2e) afviger mere end 0,5 % fra opgørelsens total {} tCO2e"),
        ("must not be before the inventory base year {}, found {}", "må ikke ligge før opgørelsens basisår {}, fandt {}"),
        ("further problems are not listed (limit of {})", "flere problemer er ikke vist (grænse på {})"),
        ("at least {} further problems are not listed (limit of {})", "mindst {} yderligere problemer er ikke vist (grænse på {})"),
        ("{} further problems are not listed (limit of {})", "{} yderligere problemer er ikke vist (grænse på {})"),
        ("further problems may not be listed (limit of {})", "der kan være flere problemer, som ikke er vist (grænse på {})"),
        ("body is {} bytes, over the limit of {}", "jobbet fylder {} byte, over grænsen på {}"),
        ("body of {} bytes is too large to parse", "jobbet på {} byte er for stort til at blive læst"),
        ("content_type '{}' is not application/json", "content_type '{}' er ikke application/json"),
        ("content_encoding '{}' is not supported: send uncompressed UTF-8", "content_encoding '{}' understøttes ikke: send ukomprimeret UTF-8"),
        ("message type '{}' is not {}", "meddelelsestypen '{}' er ikke {}"),
        ("empty body: expected a JSON object", "tomt job: forventede et JSON-objekt"),
        ("unexpected end of input", "uventet slutning på input"),
        ("unexpected data after the JSON value at byte {}", "uventede data efter JSON-værdien ved byte {}"),
        ("unexpected {} at byte {}: expected a string key", "uventet {} ved byte {}: forventede en nøgle"),
        ("unexpected {} at byte {}: expected a JSON value", "uventet {} ved byte {}: forventede en JSON-værdi"),
        ("unexpected {} at byte {}: expected {}", "uventet {} ved byte {}: forventede {}"),
        ("unterminated string starting at byte {}", "uafsluttet streng fra byte {}"),
        ("invalid literal at byte {}: expected {}", "ugyldig værdi ved byte {}: forventede {}"),
        ("invalid number at byte {}: expected a digit after '.'", "ugyldigt tal ved byte {}: forventede et ciffer efter '.'"),
        ("invalid number at byte {}: expected a digit in the exponent", "ugyldigt tal ved byte {}: forventede et ciffer i eksponenten"),
        ("invalid number at byte {}: leading zeros are not allowed", "ugyldigt tal ved byte {}: foranstillede nuller er ikke tilladt"),
        ("invalid number at byte {}: expected a digit", "ugyldigt tal ved byte {}: forventede et ciffer"),
        ("key of {} bytes is longer than the limit of {}", "nøgle på {} byte er længere end grænsen på {}"),
        ("string of {} bytes is longer than the limit of {}", "streng på {} byte er længere end grænsen på {}"),
        ("invalid UTF-8 at byte {}", "ugyldig UTF-8 ved byte {}"),
        ("invalid \\u escape at byte {}", "ugyldig \\u-escape ved byte {}"),
        ("invalid escape {} at byte {}", "ugyldig escape {} ved byte {}"),
        ("number {} is out of range (not a finite double)", "tallet {} er uden for området (ikke et endeligt tal)"),
        ("unescaped control character {} in a string at byte {}", "kontroltegn {} uden escape i en streng ved byte {}"),
        ("unpaired UTF-16 surrogate {} at byte {}", "uparret UTF-16-surrogat {} ved byte {}"),
        ("nesting deeper than the limit of {} levels", "indlejring dybere end grænsen på {} niveauer"),
        ("object has more than the limit of {} members", "objektet har flere end grænsen på {} felter"),
        ("array has more than the limit of {} elements", "listen har flere end grænsen på {} elementer"),
        ("more than the limit of {} JSON values", "flere end grænsen på {} JSON-værdier"),
        ("byte order mark at the start: JSON text must not begin with one (RFC 8259 §8.1)", "byte order mark i starten: JSON-tekst må ikke begynde med et (RFC 8259 §8.1)"),
    ]

    /// Danish words inside the English templates' figures ("a string", "an object").
    static let danishWords: [(String, String)] = [
        ("an object", "et objekt"), ("an array", "en liste"), ("a string", "en streng"), ("a number", "et tal"),
        ("a boolean", "en sandhedsværdi"), ("null", "null"),
    ]

    /// `reason` in `language`: Danish when a template matches, else as written.
    static func localized(_ reason: String, _ language: Language) -> String {
        guard language == .da else { return reason }
        for (english, danish) in Self.danish {
            guard let figures = match(reason, english) else { continue }
            var out = ""
            var k = 0
            var rest = Substring(danish)
            while let r = rest.firstRange(of: "{}") {
                out += rest[..<r.lowerBound]
                let figure = k < figures.count ? figures[k] : ""
                out += danishWords.first { $0.0 == figure }?.1 ?? figure
                k += 1
                rest = rest[r.upperBound...]
            }
            return out + rest
        }
        return reason
    }

    /// The figures of `text` when it has the shape of `template` (`{}` matches the shortest
    /// text up to the next literal part; a final `{}` the rest).
    static func match(_ text: String, _ template: String) -> [String]? {
        let literals = template.components(separatedBy: "{}")
        var rest = Substring(text)
        guard rest.hasPrefix(literals[0]) else { return nil }
        rest = rest.dropFirst(literals[0].count)
        var figures: [String] = []
        for literal in literals.dropFirst() {
            if literal.isEmpty {
                figures.append(String(rest))
                rest = ""
                continue
            }
            guard let r = rest.firstRange(of: literal) else { return nil }
            figures.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        return rest.isEmpty ? figures : nil
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let r = rest.firstRange(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
