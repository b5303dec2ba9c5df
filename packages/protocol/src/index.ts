export * from './constants';
export type * from './records';
export { JuteDecodeError } from './jute-decode-error';
export { JuteWriter } from './jute-writer';
export { JuteReader } from './jute-reader';
export { decodeUtf8, encodeJavaUtf8, javaUtf8Length, writeJavaUtf8 } from './utf8';
export {
  readACL, readACLVector, readId, readStat, readStringVector,
  writeACL, writeACLVector, writeId, writeStat, writeStringVector,
} from './record-codec';
export {
  MULTI_END, readMultiHeader, readReplyHeader, readRequestHeader, readWatcherEvent,
  writeMultiHeader, writeReplyHeader, writeRequestHeader, writeWatcherEvent,
} from './header-codec';
export { decodeConnectRequest, decodeConnectResponse, encodeConnectRequest, encodeConnectResponse } from './handshake';
export { decodeRequest, encodeRequest, type DecodedRequest } from './request-codec';
export { isSingleRequestOp, type SingleRequest, type SingleRequestOp } from './request-body-codec';
export { isResponseOp, type ResponseOp } from './response-body-codec';
export {
  decodeReply, decodeReplyHeader, decodeWatcherEvent, encodeReply, encodeWatcherEvent, writeReply,
  type DecodedReply, type DecodedWatcherEvent,
} from './reply-codec';
export { FrameDecoder, frame, type FrameDecoderOptions, type FrameEvent } from './framing';
export { fourLetterWordCode, fourLetterWordFromCode } from './four-letter-word';
