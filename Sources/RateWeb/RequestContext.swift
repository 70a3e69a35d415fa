import Hummingbird
import NIOCore

/// The request context of RateCard's router: Hummingbird's basics plus the peer's address, which
/// rate limiting needs.
public struct RateCardRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
