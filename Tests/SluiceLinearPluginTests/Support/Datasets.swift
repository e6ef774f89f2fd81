import Foundation
@testable import SluiceArrow

/// Small deterministic datasets: four correlated float features, a noisy linear
/// target `y`, a three-class text label `species` and a 0/1 integer `flag`.
enum Datasets {
    struct Rows {
        var x: [[Double]]  // x[j][i]
        var y: [Double]
        var species: [String]
        var flag: [Int64]
    }

    static func rows(_ n: Int, seed: UInt64 = 7) -> Rows {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
        var x = [[Double]](repeating: [], count: 4)
        var y: [Double] = [], species: [String] = [], flag: [Int64] = []
        for _ in 0..<n {
            let a = normal() * 3 + 10, b = normal() * 0.5 - 2, c = uniform() * 100, d = normal() + 0.3 * a
            x[0].append(a); x[1].append(b); x[2].append(c); x[3].append(d)
            y.append(1.5 * a - 4 * b + 0.02 * c + 0.7 * d + normal())
            let score0 = 0.4 * (a - 10) + normal(), score1 = 2 * (b + 2) + normal()
            species.append(score0 > 0.5 ? "setosa" : score1 > 0 ? "versicolor" : "virginica")
            flag.append(0.3 * (a - 10) - (b + 2) + 0.01 * (c - 50) + normal() > 0 ? 1 : 0)
        }
        return Rows(x: x, y: y, species: species, flag: flag)
    }

    static let featureNames = ["x1", "x2", "x3", "x4"]

    static func table(_ rows: Rows, target: String? = "y") throws -> ArrowTable {
        try ArrowTable([
            "x1": .float64(rows.x[0]), "x2": .float64(rows.x[1]), "x3": .float64(rows.x[2]), "x4": .float64(rows.x[3]),
            "y": .float64(rows.y), "species": .utf8(rows.species), "flag": .int64(rows.flag),
        ], metadata: target.map { ["sluice.target": $0] } ?? [:])
    }

    static func csv(_ rows: Rows) -> String {
        var text = "x1,x2,x3,x4,y,species,flag\n"
        for i in rows.y.indices {
            text += "\(rows.x[0][i]),\(rows.x[1][i]),\(rows.x[2][i]),\(rows.x[3][i]),\(rows.y[i]),\(rows.species[i]),\(rows.flag[i])\n"
        }
        return text
    }
}
