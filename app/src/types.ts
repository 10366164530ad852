// The app's only window onto src/shared. Types only: the shared modules import zod, and a value
// import would pull it into the bundle.
export type {
  ApiError as ApiErrorBody,
  ConversationSummary,
  ListConversationsQuery,
  Login,
  Me,
  Page,
} from "../../src/shared/api";
export type {
  Author,
  ClientFrame,
  HelloFrame,
  InboxChangedFrame,
  MAX_BODY_CHARS,
  MessageCreatedFrame,
  ServerFrame,
} from "../../src/shared/protocol";
