/// Something the broker sent on its own: what ``AMQPConnection/nextEvent(timeout:)`` returns.
///
/// Events keep the order in which the broker sent them, across all channels of the connection,
/// including events that arrived while a synchronous request (declare, qos, consume ...) waited
/// for its reply.
public enum AMQPEvent: Sendable {
    /// A message for a consumer (basic.deliver).
    case delivery(AMQPDelivery)
    /// A publisher confirm: basic.ack or basic.nack from the broker.
    case confirm(AMQPConfirm)
    /// A basic.return with its content (a mandatory message that could not be routed).
    case returned(AMQPReturnedMessage)
    /// The broker cancelled a consumer (basic.cancel), e.g. because its queue was deleted.
    /// The channel stays open; consume again after redeclaring if appropriate.
    case consumerCancelled(channel: UInt16, consumerTag: String)
    /// The broker closed a channel (channel.close); close-ok was sent and the channel id can be
    /// opened again. Other channels and the connection stay usable.
    case channelClosed(channel: UInt16, error: AMQPError)
    /// The broker closed the connection (connection.close); close-ok was sent. Reconnect.
    /// A socket failure is *thrown* by `nextEvent` instead (``AMQPError/Code/connectionLost``).
    case connectionClosed(AMQPError)
    /// The broker stopped reading from this connection's publishers (connection.blocked), e.g. on
    /// a memory or disk alarm. Publishes will stall until ``unblocked``.
    case blocked(reason: String)
    /// connection.unblocked.
    case unblocked
    /// Nothing arrived within the timeout.
    case timeout
}
