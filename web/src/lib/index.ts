// The Chorus JavaScript client: import { ChorusClient } from
// "/web/chorus-client.js" (or this module when bundling).
export { ChorusClient, deviceIdFromStorage, randomId } from "./client";
export type { ClientEvents, ClientOptions, Status } from "./client";
export { ChorusError } from "./errors";
export { Emitter } from "./emitter";
export * from "../gen/chorus/v1/frame_pb";
export * from "../gen/chorus/v1/group_pb";
export * from "../gen/chorus/v1/message_pb";
export { create, fromBinary, toBinary } from "@bufbuild/protobuf";
