/// How often each category occurs in one sample (nulls left out), in order of first
/// appearance so that reports and bins come out the same on every run.
package struct CategoryCounts: Sendable, Equatable {
    package private(set) var categories: [String] = []
    package private(set) var counts: [String: Int] = [:]
    package private(set) var total = 0

    package init() {}

    /// Counts every value of `values`.
    package init<S: Sequence>(_ values: S) where S.Element == String {
        for value in values { add(value) }
    }

    package mutating func add(_ category: String, count: Int = 1) {
        guard count > 0 else { return }
        if let old = counts[category] {
            counts[category] = old + count
        } else {
            counts[category] = count
            categories.append(category)
        }
        total += count
    }

    package func count(of category: String) -> Int { counts[category] ?? 0 }

    package func share(of category: String) -> Double {
        total == 0 ? 0 : Double(count(of: category)) / Double(total)
    }

    /// How many of these values fall in a category that `other` has.
    package func count(inCategoriesOf other: CategoryCounts) -> Int {
        categories.reduce(0) { $0 + (other.counts[$1] != nil ? counts[$1]! : 0) }
    }

    /// The categories `other` never had, in order of first appearance here.
    package func categories(notIn other: CategoryCounts) -> [String] {
        categories.filter { other.counts[$0] == nil }
    }

    /// Share of the values whose category `reference` never had; nil for no values.
    package func unseenShare(comparedWith reference: CategoryCounts) -> Double? {
        total == 0 ? nil : Double(total - count(inCategoriesOf: reference)) / Double(total)
    }
}
