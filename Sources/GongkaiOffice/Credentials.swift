import Crypto
import CryptoExtras
import Foundation

/// Passwords hashed with scrypt (N = 2^15, r = 8, p = 1, 16-byte salt), and the random tokens of
/// sessions and applicants, kept only as their SHA-256.
public enum Credentials {
    static let rounds = 1 << 15, blockSize = 8, parallelism = 1

    public static func hash(password: String) throws -> String {
        let salt = randomBytes(16)
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        let hash = key.withUnsafeBytes { Data($0) }
        return "scrypt$\(rounds)$\(blockSize)$\(parallelism)$\(Data(salt).base64EncodedString())$\(hash.base64EncodedString())"
    }

    public static func verify(password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let key = try? KDF.Scrypt.deriveKey(
                from: Array(password.utf8), salt: salt, outputByteCount: expected.count, rounds: n, blockSize: r, parallelism: p)
        else { return false }
        let actual = key.withUnsafeBytes { Data($0) }
        // Constant-time comparison.
        return actual.count == expected.count && zip(actual, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new random token: 32 bytes, base64url.
    public static func newToken() -> String {
        Data(randomBytes(32)).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a token.
    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func randomBytes(_ n: Int) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
    }
}
