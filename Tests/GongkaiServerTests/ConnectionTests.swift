import Foundation
import GongkaiModel
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GongkaiServer

#if canImport(Glibc)
import Glibc
#endif

/// Half-open connections — a request begun and never finished — neither stop the server from
/// answering nor stay open past the idle timeout.
@Suite struct ConnectionTests {
    /// A TCP connection to loopback that sends `bytes` and then nothing.
    static func halfOpen(port: Int, _ bytes: String) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        _ = bytes.withCString { send(fd, $0, strlen($0), 0) }
        return fd
    }

    /// Whether the server has closed the connection (a read returns end of file).
    static func isClosed(_ fd: Int32) -> Bool {
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pollFD, 1, 100) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) <= 0
    }

    @Test func halfOpenConnectionsAreAnsweredAroundAndClosed() async throws {
        var api = try await APITests.office()
        api.idleTimeout = .seconds(1)
        let app = api.application(host: "127.0.0.1", port: 0)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let sockets = (0..<300).compactMap { _ in Self.halfOpen(port: port, "GET /health HTTP/1.1\r\nHost: x\r\n") }
            defer { for fd in sockets { close(fd) } }
            #expect(sockets.count == 300)
            // The server answers others meanwhile.
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
            // And closes the half-open ones once they have been idle for the timeout.
            try await Task.sleep(for: .seconds(3))
            #expect(sockets.filter(Self.isClosed).count == sockets.count)
        }
    }
}
