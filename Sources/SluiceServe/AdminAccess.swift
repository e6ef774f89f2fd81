import Hummingbird

/// Who may use /admin: whoever presents the configured bearer token. Without a token
/// configured the admin endpoints are disabled, never open.
struct AdminAccess: Sendable {
    let token: String?

    /// Throws 403 when admin is disabled, 401 when the token is missing or wrong.
    func check(_ request: Request) throws(ServeError) {
        guard let token, !token.isEmpty else {
            throw ServeError(.forbidden, "admin.disabled", "admin disabled: start the server with SLUICE_ADMIN_TOKEN or --admin-token-file to enable /admin")
        }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), Self.equal(Array(header.utf8.dropFirst(7)), Array(token.utf8)) else {
            throw ServeError(.unauthorized, "admin.unauthorized", "this endpoint needs the header 'Authorization: Bearer <admin token>'")
        }
    }

    /// Compares in time that does not depend on where the first difference is.
    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0xFF)
        }
        return difference == 0
    }
}
