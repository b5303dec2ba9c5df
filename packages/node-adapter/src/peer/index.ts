/** The peer transport between ensemble members: it carries the core's peer messages for paddock-server. */
export { Backoff, type BackoffLimits } from './backoff';
export { ensembleDigest, PEER_PROTOCOL_VERSION } from './peer-handshake';
export {
  DEFAULT_PEER_TRANSPORT_LIMITS, PeerTransport, peerFrameLimit,
  type PeerTransportEvents, type PeerTransportLimits, type PeerTransportOptions,
} from './peer-transport';
