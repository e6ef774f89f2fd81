/// Finds cycles in `needs`: each strongly connected group of stages (or a stage that
/// needs itself) is one cycle to report, printed from its first stage in file order.
package enum NeedsCycles {
    /// Each cycle as stage names, starting and ending with the same stage.
    package static func find(in stages: [StageDeclaration]) -> [[String]] {
        let names = stages.map(\.name)
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // Edges follow `needs`: a -> b when a needs b. Unknown names are reported elsewhere.
        let edges: [[Int]] = stages.map { stage in
            var seen = Set<Int>()
            return stage.needs.compactMap { index[$0.stage] }.filter { seen.insert($0).inserted }
        }
        return components(edges).compactMap { group -> [String]? in
            let start = group.min() ?? 0
            guard group.count > 1 || edges[start].contains(start) else { return nil }
            return path(from: start, within: Set(group), edges: edges).map { names[$0] }
        }.sorted { (index[$0[0]] ?? 0) < (index[$1[0]] ?? 0) }
    }

    /// The shortest way from `start` back to itself inside one group (breadth first).
    private static func path(from start: Int, within group: Set<Int>, edges: [[Int]]) -> [Int] {
        var previous: [Int: Int] = [:]
        var queue = [start], head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in edges[node] where group.contains(next) {
                if next == start {
                    var cycle = [start], walk = node
                    while walk != start {
                        cycle.insert(walk, at: 1)
                        walk = previous[walk] ?? start
                    }
                    return cycle + [start]
                }
                if previous[next] == nil {
                    previous[next] = node
                    queue.append(next)
                }
            }
        }
        return [start, start]
    }

    /// Strongly connected components (Tarjan's algorithm, without recursion so that a
    /// long chain of stages cannot overflow the stack).
    private static func components(_ edges: [[Int]]) -> [[Int]] {
        let count = edges.count
        var order = [Int](repeating: -1, count: count), low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = [], result: [[Int]] = [], counter = 0
        for root in 0..<count where order[root] == -1 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            order[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, edge) = work.last {
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let next = edges[node][edge]
                    if order[next] == -1 {
                        order[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], order[next])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                if low[node] == order[node] {
                    var group: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        group.append(member)
                        if member == node { break }
                    }
                    result.append(group)
                }
            }
        }
        return result
    }
}
