import Hummingbird
import HummingbirdAuth
import NIOCore
import RateStore

/// The request context of RateCard's router: Hummingbird's basics plus the peer's address, which
/// rate limiting needs, and the token a write was authenticated with (hummingbird-auth's identity).
public struct RateCardRequestContext: AuthRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `BearerTokenAuthenticator` on the routes that need a token.
    public var identity: APITokenRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        identity = nil
    }
}
