import Foundation
import PlanReviewContract
import Testing

@testable import PlanReview

/// The allocation-free forms the review uses in its hot paths give what the plain Foundation and
/// `Set` forms they replace give.
@Suite struct VocabularyFastPathTests {
    @Test(arguments: [
        "", " ", "\t", "planned", "Planned", "IN_PROGRESS", " in_progress ", "\tadopted\t", "i gang", "I Gang",
        "gennemført", "Gennemført", "MEGET HØJ", " høj", "høj ", "\u{00A0}lav", "lav\u{00A0}", "\u{2003}middel\u{3000}",
        "Kulstofbinding\n", "\nplanlagt", "É", "ærø", "I.1.2", " I.1.2 ",
    ])
    func keyIsTrimmedLowercase(_ word: String) {
        #expect(GPCVocabulary.key(word) == word.trimmingCharacters(in: .whitespaces).lowercased())
        #expect(GPCVocabulary.trimmed(word) == word.trimmingCharacters(in: .whitespaces))
    }

    @Test func sectorSetIteratesInContractOrder() {
        #expect(Array(GPCSectorSet.all) == GPCSector.allCases)
        #expect(GPCSectorSet.all.count == GPCSector.allCases.count)
        #expect(Array(GPCSectorSet([.afolu, .transport])) == [.transport, .afolu])
        #expect(GPCSectorSet().isEmpty)
    }

    @Test(arguments: [
        ([GPCSector.transport], [GPCSector.transport, .waste]),
        ([.stationaryEnergy, .ippu], [.afolu]),
        ([], [.waste]),
        (GPCSector.allCases, [.ippu]),
    ])
    func sectorSetAlgebraMatchesSet(_ a: [GPCSector], _ b: [GPCSector]) {
        let (x, y) = (GPCSectorSet(a), GPCSectorSet(b))
        let (p, q) = (Set(a), Set(b))
        #expect(x.isDisjoint(with: y) == p.isDisjoint(with: q))
        #expect(Set(x.subtracting(y)) == p.subtracting(q))
        var u = x
        u.formUnion(y)
        #expect(Set(u) == p.union(q))
        #expect(GPCSector.allCases.allSatisfy { x.contains($0) == p.contains($0) })
        #expect((x == GPCSectorSet(p)) && (x == y) == (p == q))
    }
}
