import Foundation
@testable import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing


@Suite struct JSONParserTests {
    private func parse(_ text: String, limits: ValidationLimits = ValidationLimits()) -> (JSONDocument?, [ValidationIssue]) {
        JSONParser.parse(Array(text.utf8), limits: limits)
    }

    private func canonical(_ text: String) -> String? {
        guard let doc = parse(text).0 else { return nil }
        return String(decoding: CanonicalJSON.encode(doc).bytes, as: UTF8.self)
    }

    @Test(arguments: [
        ("{}", "{}"),
        ("[]", "[]"),
        (" { \"b\" : 1 , \"a\" : [ true , false , null ] } ", #"{"a":[true,false,null],"b":1}"#),
        (#"{"k":"\u00e6\n\"\/"}"#, "{\"k\":\"æ\\n\\\"/\"}"),
        (#"{"n":[2030.0,-0,1.50,1e2,12345678901234567890,0.1]}"#, #"{"n":[2030,0,1.5,100,1.2345678901234567e+19,0.1]}"#),
        (#"{"b":{"y":1,"x":2},"a":1}"#, #"{"a":1,"b":{"x":2,"y":1}}"#),
        (#"{"😀":1,"é":2,"z":3,"Z":4}"#, #"{"Z":4,"z":3,"é":2,"😀":1}"#),
        (#"{"reductionTco2e":1,"reductionPercent":2,"reduction":3}"#, #"{"reduction":3,"reductionPercent":2,"reductionTco2e":1}"#),
    ])
    func canonicalForm(input: String, expected: String) {
        #expect(canonical(input) == expected)
    }

    @Test func canonicalFormIsIndependentOfWhitespaceKeyOrderAndEscapes() {
        let a = canonical(#"{"a":"æ","b":[1,2]}"#)
        let b = canonical("{ \"b\" : [ 1 , 2 ],\n \"\\u0061\" : \"\\u00e6\" }")
        #expect(a != nil && a == b)
    }

    @Test(arguments: [
        ("", "empty body"),
        ("{", "unexpected end of input"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1,]", "expected a JSON value"),
        ("[1 2]", "expected ','"),
        ("{\"a\":1}x", "unexpected data after"),
        ("NaN", "expected a JSON value"),
        ("[Infinity]", "expected a JSON value"),
        ("[01]", "leading zeros"),
        ("[1.]", "digit after '.'"),
        ("[tru]", "expected true"),
        ("{a:1}", "expected a string key"),
        ("\u{FEFF}{}", "byte order mark"),
    ])
    func syntaxErrorsAreFatal(input: String, fragment: String) {
        let (doc, issues) = parse(input)
        #expect(doc == nil)
        #expect(issues.count == 1)
        #expect(issues.first?.code == .invalidJSON)
        #expect(issues.first?.reason.contains(fragment) == true, "\(issues)")
    }

    @Test func syntaxErrorPointsIntoTheDocument() {
        let (_, issues) = parse(#"{"plan":{"actions":[{"id":"A"},{"id" "B"}]}}"#)
        #expect(issues.first?.pointer == "/plan/actions/1/id")
    }

    @Test func numberOverflowIsAnIssueAndParsingGoesOn() {
        let (doc, issues) = parse(#"{"a":1e400,"b":-1e999,"c":1e-400}"#)
        #expect(doc != nil)
        #expect(issues.map(\.code) == [.numberOutOfRange, .numberOutOfRange])
        #expect(issues.map(\.pointer) == ["/a", "/b"])
    }

    @Test func numbersParseExactly() {
        let values = ["0", "-0.5", "3.141592653589793", "1e22", "1e23", "123456789012345678", "0.30000000000000004", "2.2250738585072014e-308", "1.7976931348623157e308"]
        let (doc, _) = parse("[" + values.joined(separator: ",") + "]")
        let parsed = (1...values.count).map { doc!.nodes[$0].number }
        #expect(parsed == values.map { Double($0)! })
    }

    @Test func invalidUTF8AndControlCharactersAreReported() {
        var bytes = Array(#"{"a":"x"#.utf8)
        bytes += [0xC3, 0x28]  // invalid continuation
        bytes += Array("\",\"b\":\"tab\there\",\"c\":\"ok\"}".utf8)
        let (doc, issues) = JSONParser.parse(bytes, limits: ValidationLimits())
        #expect(doc != nil)
        #expect(issues.map(\.code) == [.invalidUTF8, .invalidString])
        #expect(issues.map(\.pointer) == ["/a", "/b"])
    }

    @Test func overlongAndSurrogateUTF8AreInvalid() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]] {
            let bytes = Array(#"{"a":""#.utf8) + bad + Array(#""}"#.utf8)
            #expect(JSONParser.parse(bytes, limits: ValidationLimits()).issues.first?.code == .invalidUTF8, "\(bad)")
        }
    }

    @Test func loneSurrogateEscapeIsInvalid() {
        #expect(parse(#"{"a":"\ud800x"}"#).1.first?.code == .invalidString)
        #expect(parse(#"{"a":"\udc00"}"#).1.first?.code == .invalidString)
        #expect(parse(#"{"a":"\ud83d\ude00"}"#).1.isEmpty)
    }

    @Test func deepNestingIsRejectedWithoutRecursion() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let (doc, issues) = parse(deep)
        #expect(doc == nil)
        #expect(issues.first?.code == .tooDeep)
        var limits = ValidationLimits()
        limits.maxDepth = 3
        #expect(parse("[[[1]]]", limits: limits).0 != nil)
        #expect(parse("[[[[1]]]]", limits: limits).1.first?.code == .tooDeep)
    }

    @Test func longArraysAndStringsHitTheirLimits() {
        var limits = ValidationLimits()
        limits.maxArrayLength = 3
        limits.maxStringBytes = 4
        #expect(parse("[1,2,3]", limits: limits).1.isEmpty)
        #expect(parse("[1,2,3,4]", limits: limits).1.first?.code == .tooManyElements)
        #expect(parse(#"["abcde"]"#, limits: limits).1.first?.code == .stringTooLong)
        limits.maxValues = 4
        #expect(parse("[1,2,[3]]", limits: limits).1.first?.code == .tooManyValues)
    }

    @Test func duplicateKeysAreFoundInTheCanonicalPass() {
        let (doc, _) = parse(#"{"a":1,"b":{"x":1,"y":2,"x":3},"\u0061":2}"#)
        let duplicates = CanonicalJSON.encode(doc!).duplicateKeys.map { doc!.pointer(to: $0).description }.sorted()
        #expect(duplicates == ["/a", "/b/x"])
    }

    @Test func pointersEscapeTildeAndSlash() {
        let (doc, _) = parse(#"{"a/b":{"m~n":[0,1]}}"#)
        #expect(doc!.pointer(to: 6).description == "/a~1b/m~0n/1")
        #expect(JSONPointer(parsing: "/a~1b/m~0n/1")?.tokens == ["a/b", "m~n", "1"])
    }
}
