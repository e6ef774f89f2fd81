/// The candidate closest to `name`, when one is close enough to be a likely typo:
/// the same text ignoring case, or within an edit distance of about a third of its
/// length (at least 1; a transposition of two neighbours counts as one edit).
func closest(to name: String, in candidates: [String]) -> String? {
    if let sameCase = candidates.first(where: { $0.lowercased() == name.lowercased() }) { return sameCase }
    let limit = max(1, name.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(name.lowercased(), candidate.lowercased())
        if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and
/// transpositions of adjacent characters each cost one.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                value = min(value, table[i - 2][j - 2] + 1)
            }
            table[i][j] = value
        }
    }
    return table[a.count][b.count]
}
